package vae4j.train;

import org.bytedeco.pytorch.Tensor;
import vae4j.engine.Rng;
import vae4j.engine.Tensors;
import vae4j.model.Gaussians;
import vae4j.model.Vae;

/**
 * The importance-weighted bound (Burda et al. 2015), negated: with {@code z_1..z_k ~ q(z|x)},
 * {@code -(logsumexp_i [log p(x|z_i) + log p(z_i) - log q(z_i|x)] - log k)}, averaged over the batch, with gradients
 * through all k samples (reparameterised). k = 1 is the ELBO with a sampled KL. The true -ELBO reported beside it uses
 * the first sample's reconstruction and the analytic KL.
 */
final class IwaeObjective implements Objective {
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private final int k;

    IwaeObjective(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("--k must be >= 1, got " + k);
        }
        this.k = k;
    }

    /** The decoder's log-density of the data under each sample. */
    @FunctionalInterface
    interface LogLikelihood {
        /** @param z {@code [k, b, latent]} @return log p(x|z) {@code [k, b]} */
        Tensor logLikelihood(Tensor z);
    }

    @Override
    public Terms loss(Vae model, Tensor x, Tensor labels, double epochsDone, Rng rng) {
        Vae.Encoding q = model.encode(x, labels);
        long b = x.size(0);
        long[] xShape = Tensors.shape(x);
        long[] repeat = new long[xShape.length];
        java.util.Arrays.fill(repeat, 1);
        repeat[0] = k;
        Tensor xs = x.repeat(repeat);                                   // [k * b, ...]: sample-major
        Tensor ys = labels == null ? null : labels.repeat(k, 1);
        Tensor[] firstNll = new Tensor[1];
        Tensor bound = bound(z -> {
            Tensor params = model.decodeParams(z.reshape(k * b, z.size(2)), ys);
            Tensor nll = model.config().likelihood().negLogLikelihood(params, xs).reshape(k, b);
            firstNll[0] = nll.select(0, 0);
            return nll.neg();
        }, q.mean(), q.logVar(), k, rng);
        Tensor objective = bound.mean().neg();
        Tensor recon = firstNll[0].mean();
        Tensor kl = Gaussians.klToStandardNormal(q.mean(), q.logVar()).mean();
        return new Terms(objective, recon, kl);
    }

    /**
     * The IWAE bound per example, differentiable in {@code mean}, {@code logVar} and the decoder.
     *
     * @param mean   {@code [b, latent]}
     * @param logVar {@code [b, latent]}
     * @return {@code [b]}
     */
    static Tensor bound(LogLikelihood decoder, Tensor mean, Tensor logVar, int k, Rng rng) {
        long latent = mean.size(1);
        Tensor eps = rng.normal(k, mean.size(0), latent);
        if (!mean.device().is_cpu()) {
            eps = eps.to(mean.device(), org.bytedeco.pytorch.global.torch.ScalarType.Float);
        }
        Tensor std = logVar.mul(Tensors.scalar(0.5)).exp();
        Tensor z = mean.unsqueeze(0).add(std.unsqueeze(0).mul(eps));                   // [k, b, latent]
        Tensor logPz = z.square().sum(2).add(Tensors.scalar(latent * LOG_2PI)).mul(Tensors.scalar(-0.5));
        Tensor logQ = eps.square().sum(2).add(logVar.sum(1).unsqueeze(0)).add(Tensors.scalar(latent * LOG_2PI))
                .mul(Tensors.scalar(-0.5));
        Tensor logW = decoder.logLikelihood(z).add(logPz).sub(logQ);                   // [k, b]
        return logW.logsumexp(0).sub(Tensors.scalar(Math.log(k)));
    }
}
