package vae4j.model;

import org.bytedeco.pytorch.Tensor;
import vae4j.data.ImageSpec;
import vae4j.engine.Tensors;

/**
 * Bernoulli per pixel from logits {@code [batch, c, h, w]}: -log p(x|z) = sum of binary cross-entropies, computed in
 * one fused, stable call ({@code max(l,0) - l*x + log(1 + exp(-|l|))}). Used on grey levels in [0, 1] as the Keras and
 * PyTorch examples do; the mean image is {@code sigmoid(logits)}.
 */
public record BernoulliLikelihood(ImageSpec image) implements Likelihood {
    public static final String ID = "bernoulli";

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
        return Tensors.bceWithLogits(params, x).flatten(1, -1).sum(1);
    }

    /**
     * The same sum as {@link #negLogLikelihood}, written as {@code sum softplus(l) - sum x * l} (the binary
     * cross-entropy with logits, term by term) so that the examples are used once, not repeated: two passes over the
     * {@code [s, batch, pixels]} logits (softplus, then a batched matrix-vector product with the examples) instead of
     * libtorch's five over a repeated target (bench/RESULTS.md, "Inference"). Agrees with {@link #negLogLikelihood}
     * to float32 rounding.
     */
    @Override
    public Tensor negLogLikelihoodOfSamples(Tensor params, Tensor x, long s) {
        long b = x.size(0);
        long f = image.features();
        Tensor logits = params.reshape(s, b, f);
        // sum_p x_p l_p of sample j of example i as a batched matrix-vector product: [b, s, f] x [b, f, 1], without
        // a [s, b, f] temporary
        Tensor xl = logits.transpose(0, 1).bmm(x.reshape(b, f, 1)).reshape(b, s).t(); // [s, b]
        return Tensors.softplus(logits).sum(2).sub(xl);
    }

    @Override
    public Tensor negLogLikelihoodSum(Tensor params, Tensor x) {
        return Tensors.bceWithLogitsSum(params, x);
    }

    @Override
    public Tensor mean(Tensor params) {
        return params.sigmoid();
    }
}
