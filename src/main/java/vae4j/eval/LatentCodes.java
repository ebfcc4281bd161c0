package vae4j.eval;

import java.util.List;

import vae4j.engine.Autocast;
import vae4j.engine.Inference;
import vae4j.engine.Scope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import vae4j.data.Dataset;
import vae4j.engine.Devices;
import vae4j.engine.Tensors;
import vae4j.loader.Batches;
import vae4j.model.Vae;
import vae4j.train.Precision;

/**
 * The encoder and decoder as plain Java: images in, posterior parameters out, and latent points in, images out.
 *
 * @param mean   {@code [n, latent]} row-major: E_q[z|x] per example
 * @param logVar {@code [n, latent]} row-major: log Var_q[z|x] per example
 * @param labels {@code [n]} or null
 */
public record LatentCodes(int size, int latentDim, float[] mean, float[] logVar, int[] labels) {
    private static final int BATCH = 1000;

    /** The posterior mean of example {@code i}, dimension {@code j}. */
    public float mean(int i, int j) {
        return mean[i * latentDim + j];
    }

    /** Encodes every example of {@code data} (on the CPU). */
    public static LatentCodes encode(Vae vae, Dataset data) {
        return encode(vae, data, Devices.cpu());
    }

    /**
     * As {@link #encode(Vae, Dataset, Device)}, with up to {@code threads} batches of {@value #BATCH} encoded at once,
     * each on a thread of its own: the batches are the same, so are the codes, to the last bit. With OpenBLAS on one
     * thread this keeps every core busy with a matrix product of its own (the CLI's setting for inference); not for
     * callers that already run encoders in parallel.
     *
     * @return {@code [n, latent]} means and log-variances, and the data's labels
     */
    public static LatentCodes encode(Vae vae, Dataset data, Device device, int threads) {
        return encode(vae, data, device, threads, Precision.FP32);
    }

    /**
     * As {@link #encode(Vae, Dataset, Device, int)}; with {@code Precision.BF16} the encoder's matrix work runs in
     * bfloat16 (libtorch's CPU autocast, float32 weights and outputs): faster on a CPU with AVX512-BF16 (1.6x PyTorch's
     * float32 loop for the pytorch-mlp encoder, bench/RESULTS.md), and the codes move a little (bfloat16 keeps 8 bits
     * of mantissa). CPU only.
     */
    public static LatentCodes encode(Vae vae, Dataset data, Device device, int threads, Precision precision) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        boolean bf16 = precision == Precision.BF16;
        Autocast.checkDevice(bf16, device);
        int n = data.size();
        if (threads == 1 || n <= BATCH) {
            return encode(vae, data, device, bf16);
        }
        vae.config().checkInput(data.name(), data.spec());
        int d = vae.config().latentDim();
        int f = data.spec().features();
        boolean conditional = vae.config().conditional();
        Scorer.checkLabels(vae.config(), data);
        int[] labels = data.labels();
        float[] mean = new float[n * d];
        float[] logVar = new float[n * d];
        vae.train(false);
        // rounds of `threads` batches: this thread reads them, the workers encode them
        for (int round = 0; round < n; round += threads * BATCH) {
            List<java.util.concurrent.Callable<Void>> batches = new java.util.ArrayList<>();
            for (int start = round; start < Math.min(n, round + threads * BATCH); start += BATCH) {
                int from = start;
                int len = Math.min(BATCH, n - start);
                float[] values = new float[len * f];
                data.read(from, len, values);
                int[] batchLabels = conditional ? java.util.Arrays.copyOfRange(labels, from, from + len) : null;
                batches.add(() -> {
                    try (Inference guard = Inference.enter(); Scope scope = Scope.open()) {
                        Tensor y = batchLabels == null ? null
                                : Batches.oneHot(batchLabels, vae.config().classes(), device);
                        Tensor x = Batches.tensor(data.spec(), values, len, device);
                        Vae.Encoding q = Autocast.bf16(bf16, () -> vae.encode(x, y));
                        System.arraycopy(Tensors.toFloats(q.mean()), 0, mean, from * d, len * d);
                        System.arraycopy(Tensors.toFloats(q.logVar()), 0, logVar, from * d, len * d);
                    }
                    return null;
                });
            }
            Parallel.run(batches, threads, "vae4j-encoder");
        }
        return new LatentCodes(n, d, mean, logVar, labels);
    }

    /** Encodes every example of {@code data} on {@code device}, {@value #BATCH} at a time. */
    public static LatentCodes encode(Vae vae, Dataset data, Device device) {
        return encode(vae, data, device, false);
    }

    private static LatentCodes encode(Vae vae, Dataset data, Device device, boolean bf16) {
        vae.config().checkInput(data.name(), data.spec());
        int n = data.size();
        int d = vae.config().latentDim();
        float[] mean = new float[n * d];
        float[] logVar = new float[n * d];
        vae.train(false);
        try (Inference guard = Inference.enter()) {
            for (int start = 0; start < n; start += BATCH) {
                int len = Math.min(BATCH, n - start);
                try (Scope scope = Scope.open()) {
                    Tensor y = null;
                    if (vae.config().conditional()) {
                        int[] rows = new int[len];
                        for (int i = 0; i < len; i++) {
                            rows[i] = start + i;
                        }
                        y = Batches.oneHot(data, rows, vae.config().classes(), device);
                    }
                    Tensor x = Batches.range(data, start, len, device);
                    Tensor labels = y;
                    Vae.Encoding q = Autocast.bf16(bf16, () -> vae.encode(x, labels));
                    System.arraycopy(Tensors.toFloats(q.mean()), 0, mean, start * d, len * d);
                    System.arraycopy(Tensors.toFloats(q.logVar()), 0, logVar, start * d, len * d);
                }
            }
        }
        return new LatentCodes(n, d, mean, logVar, data.labels());
    }

    /** Examples the encoder sees at once in {@link #encodeRowwise}. */
    static final int BLOCK = 32;

    /**
     * Encodes every example of {@code data} on the CPU so that each example's codes depend on its own values only:
     * the encoder always sees blocks of exactly {@value #BLOCK} examples (the last block padded with copies of its
     * first example), as {@link Scorer} does, because libtorch's matrix products may round a row differently
     * depending on how many rows are multiplied at once. The same example therefore gets the same float32 codes
     * whatever the order, the batch or the machine's partition it comes in ({@link #encode} batches
     * {@value #BATCH} examples and may differ from this in the last bit).
     *
     * @return {@code [n, latent]} means and log-variances, and the data's labels
     */
    public static LatentCodes encodeRowwise(Vae vae, Dataset data) {
        vae.config().checkInput(data.name(), data.spec());
        int n = data.size();
        int d = vae.config().latentDim();
        int f = data.spec().features();
        boolean conditional = vae.config().conditional();
        Scorer.checkLabels(vae.config(), data);
        int[] labels = data.labels();
        float[] mean = new float[n * d];
        float[] logVar = new float[n * d];
        float[] block = new float[BLOCK * f];
        int[] rows = new int[BLOCK];
        int[] blockLabels = new int[BLOCK];
        Device cpu = Devices.cpu();
        vae.train(false);
        try (Inference guard = Inference.enter()) {
            for (int start = 0; start < n; start += BLOCK) {
                int len = Math.min(BLOCK, n - start);
                for (int i = 0; i < BLOCK; i++) {
                    rows[i] = start + (i < len ? i : 0); // padding: copies of the block's first example
                    blockLabels[i] = conditional ? labels[rows[i]] : -1;
                }
                data.read(rows, block);
                try (Scope scope = Scope.open()) {
                    Tensor y = conditional ? Batches.oneHot(blockLabels, vae.config().classes(), cpu) : null;
                    Tensor x = Batches.tensor(data.spec(), block, BLOCK, cpu);
                    Vae.Encoding q = vae.encode(x, y);
                    System.arraycopy(Tensors.toFloats(q.mean()), 0, mean, start * d, len * d);
                    System.arraycopy(Tensors.toFloats(q.logVar()), 0, logVar, start * d, len * d);
                }
            }
        }
        return new LatentCodes(n, d, mean, logVar, labels);
    }

    /**
     * Decodes latent points into mean examples E[x|z] in model space.
     *
     * @param z {@code [n, latent]} row-major
     * @return {@code [n, c, h, w]} row-major images in [0, 1], or {@code [n, features]} table rows
     */
    public static float[] decode(Vae vae, float[] z, int n) {
        return decode(vae, z, n, null);
    }

    /**
     * Decodes latent points of a conditional model, each with its label.
     *
     * @param z      {@code [n, latent]} row-major
     * @param labels {@code [n]} class of each point (null for an unconditional model)
     * @return {@code [n, ...input]} row-major mean examples
     */
    public static float[] decode(Vae vae, float[] z, int n, int[] labels) {
        if (vae.config().conditional() && labels == null) {
            throw new IllegalArgumentException("the model is conditional on " + vae.config().classes()
                    + " classes: give a --label");
        }
        if (!vae.config().conditional() && labels != null) {
            throw new IllegalArgumentException("the model is not conditional: it takes no --label (train with"
                    + " --conditional)");
        }
        int d = vae.config().latentDim();
        if (z.length != n * d) {
            throw new IllegalArgumentException("expected " + n + " x " + d + " latent values, got " + z.length);
        }
        vae.train(false);
        try (Scope scope = Scope.open(); Inference guard = Inference.enter()) {
            Device device = vae.device();
            Tensor zt = Tensors.floats(z, n, d);
            if (!device.is_cpu()) {
                zt = zt.to(device, org.bytedeco.pytorch.global.torch.ScalarType.Float);
            }
            Tensor y = labels == null ? null : Batches.oneHot(labels, vae.config().classes(), device);
            return Tensors.toFloats(vae.decode(zt, y));
        }
    }
}
