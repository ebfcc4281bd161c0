package vae4j.eval;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import vae4j.model.Vae;
import vae4j.train.TensorData;

/** The negative evidence lower bound of a data set, one posterior sample per image, in nats per image. */
public final class Elbo {
    private Elbo() {
    }

    /**
     * @param loss           -ELBO per image: reconstruction + KL
     * @param reconstruction -log p(x|z) per image
     * @param kl             KL(q(z|x) || p(z)) per image
     * @param images         how many images were averaged
     */
    public record Result(double loss, double reconstruction, double kl, int images) {
    }

    /** Evaluates {@code vae} on every image of {@code data}, {@code batchSize} at a time, without gradients. */
    public static Result evaluate(Vae vae, TensorData data, int batchSize) {
        double recon = 0;
        double kl = 0;
        int n = data.size();
        try (NoGradGuard guard = new NoGradGuard()) {
            for (int start = 0; start < n; start += batchSize) {
                int len = Math.min(batchSize, n - start);
                try (PointerScope scope = new PointerScope()) {
                    Tensor x = data.slice(start, len);
                    Vae.Loss l = vae.loss(x);
                    recon += l.reconstruction().item_double() * len;
                    kl += l.kl().item_double() * len;
                }
            }
        }
        return new Result((recon + kl) / n, recon / n, kl / n, n);
    }
}
