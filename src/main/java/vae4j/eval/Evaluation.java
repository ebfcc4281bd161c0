package vae4j.eval;

import vae4j.engine.Autocast;
import vae4j.engine.Inference;
import vae4j.engine.Scope;
import java.util.ArrayList;
import java.util.Iterator;
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
     * batch's matrix products of its own). This thread draws every batch's binarisation and noise in the order one
     * thread would and adds the batches' sums up in the data's order, so the report is the same, to the last bit, for
     * any {@code threads}. On other devices, and where a round's noise would pass {@value #NOISE_BYTES} bytes (huge k
     * times a wide latent space), one batch at a time.
     *
     * @param precision {@code BF16}: the encoder's and decoder's matrix work in bfloat16 (libtorch's autocast; the
     *                  likelihood, the KL and the weights' sums stay float32 and float64), about 1.5x faster on a CPU
     *                  with AVX512-BF16 and a little off float32's figures (bench/RESULTS.md); {@code FP32} otherwise
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
        long start = System.nanoTime();
        ModelConfig c = vae.config();
        int d = c.latentDim();
        int n = data.size();
        int chunk = Math.max(1, Math.min(k, ROWS / BATCH));
        boolean bf16 = precision == Precision.BF16;
        int workers = device.is_cpu() && (long) k * BATCH * d * Float.BYTES * threads <= NOISE_BYTES ? threads : 1;
        double recon = 0;
        double kl = 0;
        double nll = 0;
        double[] klDim = new double[d];
        double[] meanSum = new double[d];
        double[] meanSq = new double[d];
        vae.train(false);
        try (Rng rng = Rng.seeded(seed); Inference guard = Inference.enter()) {
            for (int round = 0; round < n; round += workers * BATCH) {
                try (Scope scope = Scope.open()) {
                    List<Callable<BatchSums>> batches = new ArrayList<>();
                    for (int from = round; from < Math.min(n, round + workers * BATCH); from += BATCH) {
                        int b = Math.min(BATCH, n - from);
                        Tensor x = Batches.range(data, from, b, device);
                        if (binarize) {
                            x = rng.bernoulli(x);
                        }
                        Tensor y = null;
                        if (c.conditional()) {
                            int[] rows = new int[b];
                            for (int i = 0; i < b; i++) {
                                rows[i] = from + i;
                            }
                            y = Batches.oneHot(data, rows, c.classes(), device);
                        }
                        ImportanceSampler.Noise noise = (s, bb, dd) -> rng.normal(s, bb, dd);
                        if (workers > 1) { // drawn here, now, in the order one thread would draw it
                            List<Tensor> drawn = new ArrayList<>();
                            for (int done = 0; done < k; done += chunk) {
                                drawn.add(rng.normal(Math.min(chunk, k - done), b, d));
                            }
                            Iterator<Tensor> next = drawn.iterator();
                            noise = (s, bb, dd) -> next.next();
                        }
                        Tensor xb = x;
                        Tensor yb = y;
                        ImportanceSampler.Noise batchNoise = noise;
                        batches.add(() -> batchSums(vae, xb, yb, k, chunk, batchNoise, bf16));
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

    /** Bytes of noise a round of parallel batches may draw ahead: above it, one batch at a time. */
    private static final long NOISE_BYTES = 256L << 20;

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

    /** Encodes a batch {@code x} ({@code [b, ...]}), samples k latents per image and sums its terms. */
    private static BatchSums batchSums(Vae vae, Tensor x, Tensor y, int k, int chunk, ImportanceSampler.Noise noise,
                                       boolean bf16) {
        ModelConfig c = vae.config();
        int d = c.latentDim();
        int b = (int) x.size(0);
        try (Inference guard = Inference.enter(); Scope scope = Scope.open()) {
            Vae.Encoding q;
            try (Autocast mixed = Autocast.bf16(bf16)) {
                q = vae.encode(x, y);
            }
            Tensor klPer = Gaussians.klPerDimension(q.mean(), q.logVar());
            double kl = klPer.sum().item_double();
            float[] kd = Tensors.toFloats(klPer.sum(0));
            float[] mu = Tensors.toFloats(q.mean());
            double[] logLikSum = {0};
            Tensor lw = ImportanceSampler.logWeights((xx, z) -> {
                long s = z.size(0);
                Tensor logits;
                try (Autocast mixed = Autocast.bf16(bf16)) { // the network only: the likelihood in float32
                    logits = vae.decodeParams(z.reshape(s * b, d), y == null ? null : y.repeat(s, 1));
                }
                Tensor ll = c.likelihood().negLogLikelihoodOfSamples(logits, x, s).neg(); // [s, b]
                logLikSum[0] += ll.to(torch.ScalarType.Double).sum().item_double();
                return ll;
            }, x, q.mean(), q.logVar(), k, chunk, noise);
            double nll = -ImportanceSampler.logMarginal(lw).sum().item_double();
            lw.close();
            return new BatchSums(b, kl, kd, mu, logLikSum[0], nll);
        }
    }
}
