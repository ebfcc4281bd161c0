package vae4j.model;

import org.bytedeco.pytorch.Tensor;
import vae4j.data.ImageSpec;
import vae4j.engine.Tensors;

/**
 * The continuous Bernoulli per pixel (Loaiza-Ganem and Cunningham 2019), a normalised density on [0, 1], from logits
 * {@code l [batch, c, h, w]}: {@code p(x|l) = C(l) sigmoid(l)^x (1 - sigmoid(l))^(1 - x)} with the normaliser
 * {@code C(l) = l / tanh(l / 2)} (2 at l = 0). So -log p(x|z) = BCE(l, x) - log C(l), a true density of grey levels
 * (it can be negative). log C is computed as {@code log|l| - log tanh(|l|/2)}, and near l = 0 (probability 0.5), where
 * that form cancels catastrophically, by its Taylor series {@code log 2 + l^2/12 - 7 l^4/1440}. The mean image is
 * {@code E[x] = 1/(1 - exp(-l)) - 1/l} (1/2 + l/12 - l^3/720 near 0), not sigmoid(l).
 */
public record ContinuousBernoulliLikelihood(ImageSpec image) implements Likelihood {
    public static final String ID = "continuous-bernoulli";
    /** |logit| below which the Taylor forms are used (probabilities within about 0.49..0.51). */
    static final double TAYLOR_BELOW = 0.04;
    private static final double LOG_2 = Math.log(2);

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int outputs() {
        return image.features();
    }

    @Override
    public long[] outputShape(long n) {
        return image.batchShape(n);
    }

    @Override
    public Tensor negLogLikelihood(Tensor params, Tensor x) {
        return Tensors.bceWithLogits(params, x).sub(logNormalizer(params)).flatten(1, -1).sum(1);
    }

    @Override
    public Tensor negLogLikelihoodSum(Tensor params, Tensor x) {
        return Tensors.bceWithLogitsSum(params, x).sub(logNormalizer(params).sum());
    }

    /** log C(l), element by element, stable at and near l = 0. */
    public static Tensor logNormalizer(Tensor logits) {
        Tensor a = logits.abs();
        Tensor near = a.lt(Tensors.scalar(TAYLOR_BELOW));
        // the exact form on a value kept away from 0, so that neither branch produces NaN (or NaN gradients)
        Tensor safe = a.clamp_min(Tensors.scalar(TAYLOR_BELOW));
        Tensor exact = safe.log().sub(safe.mul(Tensors.scalar(0.5)).tanh().log());
        Tensor l2 = logits.square();
        Tensor taylor = l2.mul(Tensors.scalar(1.0 / 12)).sub(l2.square().mul(Tensors.scalar(7.0 / 1440)))
                .add(Tensors.scalar(LOG_2));
        return taylor.where(near, exact);
    }

    @Override
    public Tensor mean(Tensor params) {
        Tensor near = params.abs().lt(Tensors.scalar(TAYLOR_BELOW));
        Tensor safe = params.where(near.logical_not(), Tensors.scalar(TAYLOR_BELOW));
        // 1/(1 - exp(-l)) - 1/l = -1/expm1(-l) - 1/l
        Tensor exact = safe.neg().expm1().reciprocal().neg().sub(safe.reciprocal());
        Tensor taylor = params.mul(Tensors.scalar(1.0 / 12)).sub(params.pow(Tensors.scalar(3)).mul(
                Tensors.scalar(1.0 / 720))).add(Tensors.scalar(0.5));
        return taylor.where(near, exact);
    }
}
