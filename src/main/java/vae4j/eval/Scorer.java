package vae4j.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import vae4j.data.Dataset;
import vae4j.data.InputSpec;
import vae4j.data.TableSpec;
import vae4j.engine.Autocast;
import vae4j.engine.Inference;
import vae4j.engine.Rng;
import vae4j.engine.Scope;
import vae4j.engine.Tensors;
import vae4j.loader.Batches;
import vae4j.model.ColumnLikelihood;
import vae4j.model.Gaussians;
import vae4j.model.ModelConfig;
import vae4j.model.Vae;

/**
 * Per-example anomaly scores streamed to a consumer: the negative ELBO with its two terms, the importance-weighted
 * -log p(x) with k samples, the complexity-corrected -log p(x) and, for tables, the column that explains most of the
 * reconstruction term (see {@link ExampleScore}).
 *
 * <p><b>Deterministic.</b> The k latent samples of an example are drawn from a generator of its own, seeded from the
 * scorer's seed and the example's values (a 64-bit hash of its float32 bits). An example's scores therefore do not
 * depend on the batch it lands in, on the batch size, on the order of the data or on its position in the file: the
 * same model, seed and example give the same numbers to the last digit. (Seeding from the position instead would make
 * a shuffled file score differently.) Memory is one batch: {@code batch x k} decoder rows at most, in chunks.
 *
 * <p><b>Conditional models</b> ({@link ModelConfig#conditional()}) score each example with its own label: the
 * encoder and decoder see its one-hot class, so the figures are -log p(x|label). The data must then have labels
 * ({@link #checkLabels}), and the same example with another label scores differently.
 *
 * <pre>{@code
 * Scorer s = new Scorer(model.model(), new Scorer.Settings(100, 1, 64));
 * s.score(data, score -> System.out.println(score.index() + " " + score.negLogPx()), done -> { });
 * }</pre>
 */
public final class Scorer {
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    /**
     * Decoder rows evaluated at once (samples x examples): 1,024 rows of 784 logits are 3 MB, which stay in cache
     * from the decoder to the likelihood; 8,192 measured 10-15 % more CPU time per example at k = 100
     * (bench/RESULTS.md, "Inference").
     */
    private static final int ROWS = 1024;

    /**
     * @param k         importance samples per example (>= 1; 1 gives a one-sample ELBO)
     * @param seed      seed of the samples
     * @param batchSize examples read at once, rounded up to whole blocks of the network (does not change the scores)
     */
    public record Settings(int k, long seed, int batchSize) {
        public Settings {
            if (k < 1) {
                throw new IllegalArgumentException("k must be >= 1, got " + k);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
            }
        }
    }

    private final Vae vae;
    private final Settings settings;
    private final Device device;
    private final int threads;
    private final boolean bf16;

    /** Scores with {@code vae} on the device its parameters live on, one block of examples at a time. */
    public Scorer(Vae vae, Settings settings) {
        this(vae, settings, 1, false);
    }

    private Scorer(Vae vae, Settings settings, int threads, boolean bf16) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.vae = vae;
        this.settings = settings;
        this.device = vae.device();
        this.threads = threads;
        this.bf16 = bf16;
    }

    /**
     * A scorer whose encoder and decoder run their matrix work in bfloat16 ({@code Precision.BF16}: libtorch's CPU
     * autocast, float32 weights, float32 outputs) while the noise, the likelihood and the importance weights stay in
     * float32 and float64. On a CPU with AVX512-BF16, at k = 100, 1.3x faster for an MLP and 2x for a conv model
     * (bench/RESULTS.md); every score moves a little (the decoder's logits carry bfloat16's 8-bit mantissa), so
     * compare scores only with scores of the same precision. The default is float32.
     *
     * @throws IllegalArgumentException for bf16 with a model that is not on the CPU
     */
    public Scorer withPrecision(vae4j.train.Precision precision) {
        boolean bf16 = precision == vae4j.train.Precision.BF16;
        Autocast.checkDevice(bf16, device);
        return new Scorer(vae, settings, threads, bf16);
    }

    /**
     * A scorer that works on up to {@code threads} blocks of examples at once, each on a thread of its own; the scores
     * are the same as with one. Worth it where OpenBLAS runs on one thread ({@code vae4j score} sets that): each
     * block's matrix products then keep one core busy without OpenBLAS's threads waiting on each other. Not for use
     * where the caller already runs scorers in parallel (a Spark executor's tasks).
     */
    public Scorer withThreads(int threads) {
        return new Scorer(vae, settings, threads, bf16);
    }

    /** Scores every example of {@code data} in order; {@code progress} is told the number done after each batch. */
    public void score(Dataset data, Consumer<ExampleScore> out, IntConsumer progress) {
        score(data, Batches.identity(data.size()), out, progress);
    }

    /**
     * Scores the examples {@code rows} of {@code data} in that order.
     *
     * @throws IllegalArgumentException if the data's examples do not fit the model
     */
    public void score(Dataset data, int[] rows, Consumer<ExampleScore> out, IntConsumer progress) {
        ModelConfig c = vae.config();
        c.checkInput(data.name(), data.spec());
        checkLabels(c, data);
        int f = data.spec().features();
        int[] labels = data.labels();
        int bs = readSize();
        float[] values = new float[bs * f];
        vae.train(false);
        for (int from = 0; from < rows.length; from += bs) {
            int b = Math.min(bs, rows.length - from);
            int[] batch = java.util.Arrays.copyOfRange(rows, from, from + b);
            data.read(batch, values);
            int[] lab = new int[b];
            for (int i = 0; i < b; i++) {
                lab[i] = labels == null ? -1 : labels[batch[i]];
            }
            for (ExampleScore s : scoreBatch(values, b, batch, lab)) {
                out.accept(s);
            }
            progress.accept(from + b);
        }
    }

    /**
     * A conditional model needs every example's label, within its classes: checked before any work.
     *
     * @throws IllegalArgumentException naming the data (and the first bad row) if {@code data} cannot be scored by a
     *                                  model with config {@code c}; never for an unconditional model
     */
    public static void checkLabels(ModelConfig c, Dataset data) {
        if (!c.conditional()) {
            return;
        }
        int[] labels = data.labels();
        if (labels == null) {
            throw new IllegalArgumentException(data.name() + " has no labels, and the model is conditional on "
                    + c.classes() + " classes: each example needs its own label (give data with labels)");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= c.classes()) {
                throw new IllegalArgumentException(data.name() + ": example " + i + " has label " + labels[i]
                        + ", outside the model's classes 0.." + (c.classes() - 1));
            }
        }
    }

    /**
     * Scores examples given as rows of model-space values ({@code [n][features]}: images {@code c*h*w} values in
     * [0, 1], channels first; table rows encoded as in {@link TableSpec}); indices are the row numbers, labels -1.
     *
     * @throws IllegalArgumentException for a conditional model (use {@link #score(float[][], int[])})
     */
    public List<ExampleScore> score(float[][] examples) {
        return score(examples, null);
    }

    /**
     * As {@link #score(float[][])}, each example with its class: {@code labels [n]} for a conditional model, null
     * for an unconditional one.
     *
     * @throws IllegalArgumentException if labels are missing, given to an unconditional model, of the wrong length or
     *                                  outside the model's classes
     */
    public List<ExampleScore> score(float[][] examples, int[] labels) {
        ModelConfig c = vae.config();
        if (c.conditional() && labels == null) {
            throw new IllegalArgumentException("the model is conditional on " + c.classes()
                    + " classes: give each example's label");
        }
        if (!c.conditional() && labels != null) {
            throw new IllegalArgumentException("the model is not conditional: it takes no labels");
        }
        if (labels != null) {
            if (labels.length != examples.length) {
                throw new IllegalArgumentException(labels.length + " labels for " + examples.length + " examples");
            }
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] < 0 || labels[i] >= c.classes()) {
                    throw new IllegalArgumentException("example " + i + " has label " + labels[i]
                            + ", outside the model's classes 0.." + (c.classes() - 1));
                }
            }
        }
        int f = vae.config().input().features();
        List<ExampleScore> all = new ArrayList<>(examples.length);
        int bs = readSize();
        vae.train(false);
        for (int from = 0; from < examples.length; from += bs) {
            int b = Math.min(bs, examples.length - from);
            float[] values = new float[b * f];
            int[] index = new int[b];
            int[] lab = new int[b];
            for (int i = 0; i < b; i++) {
                float[] row = examples[from + i];
                if (row.length != f) {
                    throw new IllegalArgumentException("example " + (from + i) + " has " + row.length
                            + " values but the model takes " + f + " (" + vae.config().input().describe() + ")");
                }
                System.arraycopy(row, 0, values, i * f, f);
                index[i] = from + i;
                lab[i] = labels == null ? -1 : labels[from + i];
            }
            all.addAll(scoreBatch(values, b, index, lab));
        }
        return all;
    }

    /** A 64-bit key of the seed and an example's values (SplitMix64 finaliser over the float bits). */
    static long noiseKey(long seed, float[] values, int offset, int length) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (int i = 0; i < length; i++) {
            h = mix(h ^ (Float.floatToIntBits(values[offset + i]) & 0xffffffffL) + 0x9E3779B97F4A7C15L);
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Samples per decoder call for a block of {@code b} examples: the k samples split into equal chunks of at most
     * {@link #ROWS} decoder rows, so that the padding of the last chunk is small (k = 100, b = 32: four chunks of 25).
     */
    static int chunk(int k, int b) {
        int most = Math.max(1, ROWS / b);
        int chunks = (k + most - 1) / most;
        return (k + chunks - 1) / chunks;
    }

    /**
     * Examples read at once: the batch size rounded up to whole {@link #block(int) blocks}, one per thread, so that only
     * the last block of a call is padded (a batch of 64 with blocks of 256 would otherwise compute 192 copies per
     * batch).
     */
    private int readSize() {
        long unit = (long) block(settings.k()) * threads;
        return (int) Math.min(Integer.MAX_VALUE / 2, (settings.batchSize() + unit - 1) / unit * unit);
    }

    /**
     * Examples the network sees at once for {@code k} samples each: a power of two from 32 to 256, about {@link #ROWS}
     * decoder rows for small k (fewer, larger calls into libtorch) and 32 examples for large k.
     * It depends on k alone, never on the batch size or the data.
     */
    static int block(int k) {
        return Math.max(32, Math.min(256, Integer.highestOneBit(Math.max(1, ROWS / k))));
    }

    /**
     * Scores {@code b} examples. The network always sees blocks of exactly {@link #block(int)} examples and
     * {@code chunk x block} decoder rows (the last block and chunk padded), because libtorch's matrix products may
     * round a row differently depending on how many rows are multiplied at once: fixed shapes make every example's
     * arithmetic the same wherever it lands.
     */
    private List<ExampleScore> scoreBatch(float[] values, int b, int[] index, int[] labels) {
        int f = vae.config().input().features();
        int blockSize = block(settings.k());
        List<Callable<List<ExampleScore>>> blocks = new ArrayList<>();
        for (int from = 0; from < b; from += blockSize) {
            int n = Math.min(blockSize, b - from);
            float[] block = new float[blockSize * f];
            System.arraycopy(values, from * f, block, 0, n * f);
            int[] blockLabels = java.util.Arrays.copyOfRange(labels, from, from + blockSize);
            for (int i = n; i < blockSize; i++) {
                System.arraycopy(values, from * f, block, i * f, f); // padding: copies of the first example
                blockLabels[i] = labels[from];
            }
            int[] blockIndex = java.util.Arrays.copyOfRange(index, from, from + blockSize);
            blocks.add(() -> scoreBlock(block, n, blockIndex, blockLabels).subList(0, n));
        }
        List<ExampleScore> out = new ArrayList<>(b);
        for (List<ExampleScore> block : Parallel.run(blocks, threads, "vae4j-scorer")) {
            out.addAll(block);
        }
        return out;
    }

    private List<ExampleScore> scoreBlock(float[] values, int real, int[] index, int[] labels) {
        ModelConfig c = vae.config();
        InputSpec spec = c.input();
        int f = spec.features();
        int b = values.length / f;
        int d = c.latentDim();
        int k = settings.k();
        ColumnLikelihood columns = c.likelihood() instanceof ColumnLikelihood cl ? cl : null;
        int nCols = columns == null ? 0 : ((TableSpec) spec).columns().size();
        ComplexityTerms complexity = new ComplexityTerms(spec, values.clone(), real);
        double[] logW = new double[b * k];
        double[] recon = new double[b];
        double[] colSum = new double[b * nCols];
        double[] kl;
        try (Scope scope = Scope.open(); Inference guard = Inference.enter()) {
            int chunk = chunk(k, b);
            int padded = (k + chunk - 1) / chunk * chunk; // the last chunk padded with zero noise
            // the noise of example i: [k, d] from a stream of its own (one generator reseeded per example), drawn
            // into row i of [b, padded, d]
            Tensor noise = Tensors.zeros(b, padded, d);
            try (Rng rng = Rng.seeded(0)) {
                for (int i = 0; i < b; i++) {
                    rng.reseed(noiseKey(settings.seed(), values, i * f, f));
                    Tensor row = noise.select(0, i);
                    rng.fillNormal(padded == k ? row : row.narrow(0, 0, k));
                }
            }
            Tensor allEps = noise.permute(1, 0, 2).to(torch.ScalarType.Double).contiguous(); // [padded, b, d]
            Tensor x = Batches.tensor(spec, values, b, device);
            Tensor y = c.conditional() ? Batches.oneHot(labels, c.classes(), device) : null; // [b, classes]
            Vae.Encoding q = Autocast.bf16(bf16, () -> vae.encode(x, y));
            kl = toDoubles(Gaussians.klToStandardNormal(q.mean(), q.logVar()));
            Tensor mean = q.mean().to(torch.ScalarType.Double);
            Tensor logVar = q.logVar().to(torch.ScalarType.Double);
            Tensor std = logVar.mul(Tensors.scalar(0.5)).exp();
            Tensor logQConst = logVar.sum(1).add(Tensors.scalar(d * LOG_2PI)).mul(Tensors.scalar(-0.5)); // [b]
            long[] shape = Tensors.shape(x);
            for (int done = 0; done < k; done += chunk) {
                int used = Math.min(chunk, k - done);
                int s = chunk;
                try (Scope inner = Scope.open()) {
                    Tensor e = allEps.narrow(0, done, chunk);                   // [chunk, b, d], padded
                    Tensor z = mean.unsqueeze(0).add(std.unsqueeze(0).mul(e)); // [s, b, d]
                    Tensor zf = z.to(torch.ScalarType.Float).reshape(s * (long) b, d);
                    if (!device.is_cpu()) {
                        zf = zf.to(device, torch.ScalarType.Float);
                    }
                    // rows j * b + i are example i: its label repeated once per sample
                    Tensor rows = zf;
                    Tensor rowLabels = y == null ? null : y.repeat(new long[] {s, 1});
                    // the network only: the likelihood in float32
                    Tensor params = Autocast.bf16(bf16, () -> vae.decodeParams(rows, rowLabels));
                    Tensor nll = c.likelihood().negLogLikelihoodOfSamples(params, x, s)
                            .to(torch.ScalarType.Double);                       // [s, b]
                    Tensor logPz = z.square().sum(2).add(Tensors.scalar(d * LOG_2PI)).mul(Tensors.scalar(-0.5));
                    Tensor logQ = e.square().sum(2).mul(Tensors.scalar(-0.5)).add(logQConst.unsqueeze(0));
                    double[] w = toDoubles(nll.neg().add(logPz).sub(logQ)); // [s, b]
                    double[] r = toDoubles(nll);
                    for (int j = 0; j < used; j++) {
                        for (int i = 0; i < b; i++) {
                            logW[i * k + done + j] = w[j * b + i];
                            recon[i] += r[j * b + i];
                        }
                    }
                    if (columns != null) {
                        long[] rep = new long[shape.length];
                        java.util.Arrays.fill(rep, 1);
                        rep[0] = s;
                        double[] pc = toDoubles(columns.negLogLikelihoodPerColumn(params, x.repeat(rep))
                                .to(torch.ScalarType.Double)); // [s * b, cols]
                        for (int j = 0; j < used; j++) {
                            for (int i = 0; i < b; i++) {
                                for (int col = 0; col < nCols; col++) {
                                    colSum[i * nCols + col] += pc[(j * b + i) * nCols + col];
                                }
                            }
                        }
                    }
                }
            }
        }
        double[] nats = complexity.finish();
        List<ExampleScore> out = new ArrayList<>(real);
        for (int i = 0; i < real; i++) {
            String top = null;
            double share = Double.NaN;
            if (columns != null) {
                int best = 0;
                double positive = 0;
                for (int col = 0; col < nCols; col++) {
                    double v = colSum[i * nCols + col];
                    positive += Math.max(0, v);
                    if (v > colSum[i * nCols + best]) {
                        best = col;
                    }
                }
                top = ((TableSpec) spec).columns().get(best).name();
                share = positive > 0 ? Math.max(0, colSum[i * nCols + best]) / positive : Double.NaN;
            }
            out.add(new ExampleScore(index[i], labels[i], recon[i] / k, kl[i],
                    -logMeanExp(logW, i * k, k), nats[i], top, share));
        }
        return out;
    }

    /** log((1/k) sum_j exp(w_j)), the largest weight factored out. */
    static double logMeanExp(double[] w, int offset, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, w[offset + j]);
        }
        if (Double.isInfinite(max)) {
            return max;
        }
        double sum = 0;
        for (int j = 0; j < k; j++) {
            sum += Math.exp(w[offset + j] - max);
        }
        return max + Math.log(sum / k);
    }

    private static double[] toDoubles(Tensor t) {
        Tensor cpu = t.device().is_cpu() ? t : t.to(new Device(torch.DeviceType.CPU), torch.ScalarType.Double);
        Tensor dd = cpu.to(torch.ScalarType.Double).contiguous();
        double[] out = new double[(int) dd.numel()];
        dd.data_ptr_double().get(out);
        return out;
    }
}
