package vae4j.eval;

import vae4j.engine.NoGrad;
import vae4j.engine.Scope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import vae4j.engine.Tensors;

/**
 * Importance-weighted estimates of log p(x) (Burda et al., the IWAE bound): with {@code z_1..z_k ~ q(z|x)},
 * <pre>log p(x) ~ logsumexp_i [log p(x|z_i) + log p(z_i) - log q(z_i|x)] - log k</pre>
 * It is a lower bound of log p(x) that rises with k (in expectation) and tends to log p(x); k = 1 is the ELBO.
 * Samples are drawn in chunks, so memory is bounded by {@code chunk x batch} decoder passes whatever k is, and the
 * log-sum-exp is taken over float64 log weights (stable: the largest weight is factored out).
 */
public final class ImportanceSampler {
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private ImportanceSampler() {
    }

    /** The decoder's log-density. */
    @FunctionalInterface
    public interface LogLikelihood {
        /**
         * @param x {@code [b, ...]} the data
         * @param z {@code [s, b, latent]} latent samples, s per example
         * @return log p(x|z) as {@code [s, b]}
         */
        Tensor logLikelihood(Tensor x, Tensor z);
    }

    /**
     * Log importance weights {@code log p(x|z) + log p(z) - log q(z|x)} for {@code k} samples per example, with
     * p(z) = N(0, I) and q(z|x) = N(mean, exp(logVar)).
     *
     * @param x      {@code [b, ...]}
     * @param mean   {@code [b, latent]}
     * @param logVar {@code [b, latent]}
     * @param chunk  samples drawn at a time
     * @param rng    where the samples' noise comes from
     * @return {@code [b, k]} float64
     */
    public static Tensor logWeights(LogLikelihood model, Tensor x, Tensor mean, Tensor logVar, int k, int chunk,
                                    vae4j.engine.Rng rng) {
        if (k < 1 || chunk < 1) {
            throw new IllegalArgumentException("k and chunk must be >= 1, got " + k + " and " + chunk);
        }
        try (Scope outer = Scope.open(); NoGrad guard = NoGrad.enter()) {
            TensorVector parts = new TensorVector();
            Tensor std = logVar.mul(Tensors.scalar(0.5)).exp();
            // log q(z|x) = -1/2 sum(eps^2 + logVar + log 2 pi), with z = mean + std * eps
            Tensor logQConst = logVar.sum(1).add(Tensors.scalar(mean.size(1) * LOG_2PI)).mul(Tensors.scalar(-0.5));
            for (int done = 0; done < k; done += chunk) {
                int s = Math.min(chunk, k - done);
                try (Scope scope = Scope.open()) {
                    Tensor eps = rng.normal(s, mean.size(0), mean.size(1));
                    if (!mean.device().is_cpu()) {
                        eps = eps.to(mean.device(), torch.ScalarType.Float);
                    }
                    Tensor z = mean.unsqueeze(0).add(std.unsqueeze(0).mul(eps));
                    Tensor logPz = z.square().sum(2).add(Tensors.scalar(mean.size(1) * LOG_2PI))
                            .mul(Tensors.scalar(-0.5));
                    Tensor logQ = eps.square().sum(2).mul(Tensors.scalar(-0.5)).add(logQConst.unsqueeze(0));
                    Tensor w = model.logLikelihood(x, z).add(logPz).sub(logQ);
                    parts.push_back(w.to(torch.ScalarType.Double).t().contiguous()); // the vector holds a reference
                }
            }
            return Tensors.keep(torch.cat(parts, 1));
        }
    }

    /** The IWAE estimate per example from log weights {@code [b, k]}: {@code [b]} float64. */
    public static Tensor logMarginal(Tensor logWeights) {
        return torch.logsumexp(logWeights, new long[] {1}, false).sub(Tensors.scalar(Math.log(logWeights.size(1))));
    }
}
