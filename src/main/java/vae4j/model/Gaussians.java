package vae4j.model;

import org.bytedeco.pytorch.Tensor;
import vae4j.engine.Tensors;

/** Closed forms for the diagonal Gaussian posterior q(z|x) = N(mean, exp(logVar)). */
public final class Gaussians {
    private Gaussians() {
    }

    /**
     * KL(q(z|x) || N(0, I)) = -1/2 sum_j (1 + logVar_j - mean_j^2 - exp(logVar_j)), per example.
     *
     * @param mean   {@code [batch, latent]}
     * @param logVar {@code [batch, latent]}
     * @return {@code [batch]}
     */
    public static Tensor klToStandardNormal(Tensor mean, Tensor logVar) {
        return klPerDimension(mean, logVar).sum(1);
    }

    /** The KL of each latent dimension: {@code [batch, latent]}. */
    public static Tensor klPerDimension(Tensor mean, Tensor logVar) {
        return logVar.exp().add(mean.square()).sub(logVar).sub(Tensors.scalar(1.0)).mul(Tensors.scalar(0.5));
    }

    /**
     * The reparameterisation trick: {@code z = mean + exp(logVar / 2) * eps} with {@code eps ~ N(0, I)} drawn first,
     * so that only differentiable, linear operations stand between the parameters and z.
     *
     * @return {@code [batch, latent]}
     */
    public static Tensor sample(Tensor mean, Tensor logVar, vae4j.engine.Rng rng) {
        Tensor eps = rng.normalLike(mean);
        return mean.add(logVar.mul(Tensors.scalar(0.5)).exp().mul(eps));
    }
}
