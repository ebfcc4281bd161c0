package vae4j.eval;

import vae4j.engine.Autocast;
import vae4j.engine.Inference;
import vae4j.engine.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import vae4j.data.Dataset;
import vae4j.engine.Rng;
import vae4j.engine.Tensors;
import vae4j.loader.Batches;
import vae4j.model.Gaussians;
import vae4j.model.ModelConfig;
import vae4j.model.Vae;
import vae4j.train.Precision;

/**
 * A model's quality on a data set, measured the way the literature measures it: the negative ELBO with its two terms,
 * the importance-weighted estimate of -log p(x) with k samples (the IWAE paper's protocol uses k = 5000), both in nats
 * per image and bits per dimension, the active units and the KL of each latent dimension. For a conditional model
 * every figure is conditional on the example's label (-log p(x|label)).
 */
public final class Evaluation {
    /**
     * Decoder rows evaluated at once (samples x images): bounds memory whatever k is, and 1,024 rows of logits stay in
     * cache from the decoder to the likelihood (bench/RESULTS.md, "Inference").
     */
    private static final int ROWS = 1024;
    private static final int BATCH = 32;

    private Evaluation() {
    }

    /**
     * @param negElbo        -ELBO per image: reconstruction + kl
     * @param reconstruction E_q[-log p(x|z)] per image, averaged over the k samples
     * @param kl             KL(q(z|x) || p(z)) per image, analytic
     * @param negLogLikelihood the IWAE estimate of -log p(x) per image (an upper bound of the true -log p(x))
     * @param activeUnits    latent dimensions u with Cov_x(E_q[z_u|x]) > 0.01
     * @param klPerDimension average KL of each latent dimension
     * @param meanVariance   Cov_x(E_q[z_u|x]) of each dimension
     * @param precision      {@code fp32}, or {@code bf16} when the networks' matrix work ran in bfloat16
     */
    public record Report(String data, int images, int k, boolean binarized, long seed, double negElbo,
                         double reconstruction, double kl, double negLogLikelihood, double negElboBitsPerDim,
                         double negLogLikelihoodBitsPerDim, int activeUnits, int latentDim, double[] klPerDimension,
                         double[] meanVariance, double seconds, String precision) {
    }

    /**
     * Evaluates {@code vae} on every image of {@code data}, on the calling thread.
     *
     * @param k         importance samples per image (>= 1)
     * @param binarize  draw each pixel once as Bernoulli(grey level) (seeded), the protocol for binarised MNIST
     * @param progress  told the number of images done after each batch
     */
    public static Report evaluate(Vae vae, Dataset data, int k, boolean binarize, long seed, Device device,
                                  IntConsumer progress) {
        return evaluate(vae, data, k, binarize, seed, device, 1, Precision.FP32, progress);
    }

    /**
     * As {@link #evaluate(Vae, Dataset, int, boolean, long, Device, IntConsumer)}, with up to {@code threads} batches
     * of {@value #BATCH} images evaluated at once on the CPU, each on a thread of its own (the CLI's setting, after
     * {@link vae4j.engine.Engine#perCoreInferenceWorkers()} made libtorch single-threaded, so that each core runs a
     * batch's matrix products of its own). Each batch draws its binarisation and its samples from a stream of its own,
     * seeded by {@code seed} and the batch's first row, and this thread adds the batches' sums up in the data's order,
     * so the report is the same, to the last bit, for any {@code threads}. On other devices, one batch at a time.
     *
     * @param precision {@code BF16}: the encoder's and decoder's matrix work in bfloat16 (libtorch's CPU autocast;
     *                  the likelihood, the KL and the weights' sums stay float32 and float64), CPU only: 1.4x faster
     *                  for an MLP and 2x for a conv model on a CPU with AVX512-BF16, a little off float32's figures
     *                  (bench/RESULTS.md); {@code FP32} otherwise
     */
    public static Report evaluate(Vae vae, Dataset data, int k, boolean binarize, long seed, Device device,
                                  int threads, Precision precision, IntConsumer progress) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        vae.config().checkInput(data.name(), data.spec());
        if (binarize && !vae.config().takesImages()) {
            throw new IllegalArgumentException("--binarize dynamic applies to images, not to " + data.spec().describe());
        }
        boolean bf16 = precision == Precision.BF16;
        Autocast.checkDevice(bf16, device);
        long start = System.nanoTime();
        ModelConfig c = vae.config();
        int d = c.latentDim();
        int n = data.size();
        int chunk = Math.max(1, Math.min(k, ROWS / BATCH));
        int workers = device.is_cpu() ? threads : 1;
        double recon = 0;
        double kl = 0;
        double nll = 0;
        double[] klDim = new double[d];
        double[] meanSum = new double[d];
        double[] meanSq = new double[d];
        vae.train(false);
        try (Inference guard = Inference.enter()) {
            for (int round = 0; round < n; round += workers * BATCH) {
                try (Scope scope = Scope.open()) { // this thread reads the round's batches, the workers use them
                    List<Callable<BatchSums>> batches = new ArrayList<>();
                    for (int from = round; from < Math.min(n, round + workers * BATCH); from += BATCH) {
                        int b = Math.min(BATCH, n - from);
                        Tensor x = Batches.range(data, from, b, device);
                        Tensor y = null;
                        if (c.conditional()) {
                            int[] rows = new int[b];
                            for (int i = 0; i < b; i++) {
                                rows[i] = from + i;
                            }
                            y = Batches.oneHot(data, rows, c.classes(), device);
                        }
                        Tensor yb = y;
                        long batchSeed = batchSeed(seed, from);
                        batches.add(() -> batchSums(vae, x, yb, binarize, batchSeed, k, chunk, bf16));
                    }
                    for (BatchSums sums : Parallel.run(batches, workers, "vae4j-evaluator")) {
                        kl += sums.kl();
                        for (int j = 0; j < d; j++) {
                            klDim[j] += sums.klPerDimension()[j];
                            for (int i = 0; i < sums.images(); i++) {
                                float mu = sums.means()[i * d + j];
                                meanSum[j] += mu;
                                meanSq[j] += (double) mu * mu;
                            }
                        }
                        recon -= sums.logLikelihood() / k;
                        nll += sums.negLogMarginal();
                    }
                }
                progress.accept(Math.min(n, round + workers * BATCH));
            }
        }
        double[] variance = new double[d];
        int active = 0;
        for (int j = 0; j < d; j++) {
            double m = meanSum[j] / n;
            variance[j] = meanSq[j] / n - m * m;
            klDim[j] /= n;
            if (variance[j] > 0.01) {
                active++;
            }
        }
        double dims = c.inputSize() * Math.log(2);
        double negElbo = (recon + kl) / n;
        return new Report(data.name(), n, k, binarize, seed, negElbo, recon / n, kl / n, nll / n, negElbo / dims,
                nll / n / dims, active, d, klDim, variance, (System.nanoTime() - start) / 1e9, precision.id());
    }

    /**
     * The seed of the batch starting at row {@code from}: SplitMix64's finaliser of both, so that neighbouring batches
     * and seeds get unrelated streams.
     */
    static long batchSeed(long seed, int from) {
        long z = seed * 0x9E3779B97F4A7C15L + from + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * One batch's contributions.
     *
     * @param klPerDimension {@code [latent]} KL summed over the batch
     * @param means          {@code [images, latent]} posterior means
     * @param logLikelihood  log p(x|z) summed over images and samples
     * @param negLogMarginal the IWAE -log p(x) summed over the images
     */
    private record BatchSums(int images, double kl, float[] klPerDimension, float[] means, double logLikelihood,
                             double negLogMarginal) {
    }

    /**
     * Encodes a batch {@code x} ({@code [b, ...]}), samples k latents per image and sums its terms; binarises the
     * pixels first when asked. The pixels and the samples come from one stream seeded with {@code batchSeed}.
     */
    private static BatchSums batchSums(Vae vae, Tensor images, Tensor y, boolean binarize, long batchSeed, int k,
                                       int chunk, boolean bf16) {
        ModelConfig c = vae.config();
        int d = c.latentDim();
        int b = (int) images.size(0);
        try (Inference guard = Inference.enter(); Scope scope = Scope.open(); Rng rng = Rng.seeded(batchSeed)) {
            Tensor x = binarize ? rng.bernoulli(images) : images;
            Vae.Encoding q = Autocast.bf16(bf16, () -> vae.encode(x, y));
            Tensor klPer = Gaussians.klPerDimension(q.mean(), q.logVar());
            double kl = klPer.sum().item_double();
            float[] kd = Tensors.toFloats(klPer.sum(0));
            float[] mu = Tensors.toFloats(q.mean());
            double[] logLikSum = {0};
            Tensor lw = ImportanceSampler.logWeights((xx, z) -> {
                long s = z.size(0);
                Tensor labels = y == null ? null : y.repeat(s, 1);
                // the network only: the likelihood in float32
                Tensor logits = Autocast.bf16(bf16, () -> vae.decodeParams(z.reshape(s * b, d), labels));
                Tensor ll = c.likelihood().negLogLikelihoodOfSamples(logits, x, s).neg(); // [s, b]
                logLikSum[0] += ll.to(torch.ScalarType.Double).sum().item_double();
                return ll;
            }, x, q.mean(), q.logVar(), k, chunk, rng);
            double nll = -ImportanceSampler.logMarginal(lw).sum().item_double();
            lw.close();
            return new BatchSums(b, kl, kd, mu, logLikSum[0], nll);
        }
    }
}
