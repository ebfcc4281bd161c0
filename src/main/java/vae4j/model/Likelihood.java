package vae4j.model;

import org.bytedeco.pytorch.Tensor;
import vae4j.engine.Tensors;

/**
 * The decoder's observation model p(x|z). The decoder outputs logits {@code [batch, c, h, w]}; the mean image is
 * {@code sigmoid(logits)}.
 */
public enum Likelihood {
    /**
     * Bernoulli per pixel: -log p(x|z) = sum of binary cross-entropies, computed from logits in one fused, stable call
     * ({@code max(l,0) - l*x + log(1 + exp(-|l|))}). Used on grey levels in [0, 1] as the Keras and PyTorch
     * examples do.
     */
    BERNOULLI,
    /**
     * Gaussian per pixel with mean sigmoid(logits) and fixed variance 1/2: -log p(x|z) = sum (x - mean)^2 +
     * D/2 log(pi). Its gradient is exactly the Keras recipe's "784 * mse" loss; the constant makes it a true density.
     */
    GAUSSIAN;

    private static final double HALF_LOG_PI = 0.5 * Math.log(Math.PI);

    /** -log p(x|z) summed over the whole batch: a scalar tensor. */
    public Tensor negLogLikelihoodSum(Tensor logits, Tensor x) {
        if (this == BERNOULLI) {
            return Tensors.bceWithLogitsSum(logits, x);
        }
        return logits.sigmoid().sub(x).square().sum().add(Tensors.scalar(HALF_LOG_PI * x.numel()));
    }

    /** -log p(x|z) per example: {@code [batch]}. */
    public Tensor negLogLikelihood(Tensor logits, Tensor x) {
        if (this == BERNOULLI) {
            return Tensors.bceWithLogits(logits, x).flatten(1, -1).sum(1);
        }
        long d = x.numel() / x.size(0);
        return logits.sigmoid().sub(x).square().flatten(1, -1).sum(1).add(Tensors.scalar(HALF_LOG_PI * d));
    }

    /** The lower-case name used in configs and on the command line. */
    public String id() {
        return EnumNames.id(this);
    }

    /** Parses {@code bernoulli} or {@code gaussian} (case-insensitive). */
    public static Likelihood parse(String s) {
        return EnumNames.parse(Likelihood.class, s, "likelihood");
    }
}
