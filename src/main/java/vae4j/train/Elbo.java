package vae4j.train;

import vae4j.engine.NoGrad;
import vae4j.engine.Scope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import vae4j.data.Dataset;
import vae4j.engine.Rng;
import vae4j.loader.Batches;
import vae4j.model.Vae;

/**
 * The negative evidence lower bound of a data set, one posterior sample per example, in nats per example.
 *
 * @param loss           -ELBO per example: reconstruction + KL
 * @param reconstruction -log p(x|z) per example
 * @param kl             KL(q(z|x) || p(z)) per example
 * @param examples       how many examples were averaged
 */
public record Elbo(double loss, double reconstruction, double kl, int examples) {

    /**
     * Evaluates {@code vae} on every example of {@code data}, {@code batchSize} at a time, without gradients; the
     * posterior samples come from a generator seeded with {@code seed}.
     */
    public static Elbo evaluate(Vae vae, Dataset data, int batchSize, long seed, Device device) {
        return evaluate(vae, data, batchSize, seed, device, false);
    }

    /**
     * As {@link #evaluate(Vae, Dataset, int, long, Device)}; with {@code binarize}, each example is first replaced by
     * a Bernoulli draw with its values as probabilities (from a second generator seeded from {@code seed}). A
     * conditional model is given each example's label.
     */
    public static Elbo evaluate(Vae vae, Dataset data, int batchSize, long seed, Device device, boolean binarize) {
        double recon = 0;
        double kl = 0;
        int n = data.size();
        int classes = vae.config().classes();
        try (NoGrad guard = NoGrad.enter(); Rng rng = Rng.seeded(seed); Rng pixels = Rng.seeded(~seed)) {
            for (int start = 0; start < n; start += batchSize) {
                int len = Math.min(batchSize, n - start);
                try (Scope scope = Scope.open()) {
                    Tensor x = Batches.range(data, start, len, device);
                    if (binarize) {
                        x = pixels.bernoulli(x);
                    }
                    Tensor y = classes == 0 ? null : Batches.oneHot(data, range(start, len), classes, device);
                    Vae.Loss l = vae.loss(x, y, rng);
                    recon += l.reconstruction().item_double() * len;
                    kl += l.kl().item_double() * len;
                }
            }
        }
        return new Elbo((recon + kl) / n, recon / n, kl / n, n);
    }

    private static int[] range(int start, int len) {
        int[] r = new int[len];
        for (int i = 0; i < len; i++) {
            r[i] = start + i;
        }
        return r;
    }
}
