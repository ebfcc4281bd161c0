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
        double recon = 0;
        double kl = 0;
        int n = data.size();
        try (NoGrad guard = NoGrad.enter(); Rng rng = Rng.seeded(seed)) {
            for (int start = 0; start < n; start += batchSize) {
                int len = Math.min(batchSize, n - start);
                try (Scope scope = Scope.open()) {
                    Tensor x = Batches.range(data, start, len, device);
                    Vae.Loss l = vae.loss(x, rng);
                    recon += l.reconstruction().item_double() * len;
                    kl += l.kl().item_double() * len;
                }
            }
        }
        return new Elbo((recon + kl) / n, recon / n, kl / n, n);
    }
}
