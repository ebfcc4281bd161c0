package vae4j.model;

import org.bytedeco.pytorch.Tensor;
import vae4j.data.ImageSpec;
import vae4j.data.InputSpec;
import vae4j.data.TableSpec;

/**
 * The decoder's observation model p(x|z), bound to the input it models. The decoder produces
 * {@link #outputShape(long) parameters} per example (logits, means and log-variances, ...); this interface turns them
 * into -log p(x|z) and into the mean example E[x|z] in model space.
 *
 * <p>A new likelihood is one new implementation plus one line in {@link #of}.
 */
public interface Likelihood {
    /** The name used in configs and on the command line. */
    String id();

    /** Decoder outputs per example. */
    int outputs();

    /** The decoder's output shape for {@code n} examples: {@code [n, c, h, w]} for images, {@code [n, outputs]} else. */
    long[] outputShape(long n);

    /**
     * -log p(x|z) per example.
     *
     * @param params {@link #outputShape(long) [batch, ...]} decoder outputs
     * @param x      {@code [batch, ...]} examples in model space
     * @return {@code [batch]}
     */
    Tensor negLogLikelihood(Tensor params, Tensor x);

    /** -log p(x|z) summed over the batch: a scalar (implementations may fuse the reduction). */
    default Tensor negLogLikelihoodSum(Tensor params, Tensor x) {
        return negLogLikelihood(params, x).sum();
    }

    /**
     * -log p(x|z) for {@code s} latent samples of each example, as importance sampling and scoring need it: the
     * examples are given once, not repeated {@code s} times (implementations may broadcast them instead of copying).
     *
     * @param params {@link #outputShape(long) [s * batch, ...]} decoder outputs, row {@code j * batch + i} from
     *               sample j of example i
     * @param x      {@code [batch, ...]} examples in model space
     * @param s      samples per example
     * @return {@code [s, batch]}
     */
    default Tensor negLogLikelihoodOfSamples(Tensor params, Tensor x, long s) {
        long[] rep = new long[(int) x.dim()];
        java.util.Arrays.fill(rep, 1);
        rep[0] = s;
        return negLogLikelihood(params, x.repeat(rep)).reshape(s, x.size(0));
    }

    /** E[x|z] in model space, the shape of a batch of examples. */
    Tensor mean(Tensor params);

    /** The likelihoods offered for an input, the first being the default. */
    static java.util.List<String> choices(InputSpec input) {
        return input instanceof TableSpec ? java.util.List.of(ColumnLikelihood.ID)
                : java.util.List.of(BernoulliLikelihood.ID, GaussianLikelihood.ID, ContinuousBernoulliLikelihood.ID,
                        LearnedGaussianLikelihood.ID, LearnedGaussianLikelihood.SHARED_ID);
    }

    /**
     * The likelihood named {@code id} for {@code input}.
     *
     * @throws IllegalArgumentException if the name is unknown or does not fit the input
     */
    static Likelihood of(String id, InputSpec input) {
        String n = id == null ? choices(input).get(0) : id.trim().toLowerCase(java.util.Locale.ROOT);
        if (input instanceof ImageSpec image) {
            switch (n) {
                case BernoulliLikelihood.ID:
                    return new BernoulliLikelihood(image);
                case GaussianLikelihood.ID:
                    return new GaussianLikelihood(image);
                case ContinuousBernoulliLikelihood.ID:
                    return new ContinuousBernoulliLikelihood(image);
                case LearnedGaussianLikelihood.ID:
                    return new LearnedGaussianLikelihood(image, false);
                case LearnedGaussianLikelihood.SHARED_ID:
                    return new LearnedGaussianLikelihood(image, true);
                default:
                    break;
            }
        } else if (input instanceof TableSpec table && n.equals(ColumnLikelihood.ID)) {
            return new ColumnLikelihood(table);
        }
        throw new IllegalArgumentException("unknown likelihood '" + id + "' for " + input.describe() + " (expected "
                + String.join(", ", choices(input)) + ")");
    }
}
