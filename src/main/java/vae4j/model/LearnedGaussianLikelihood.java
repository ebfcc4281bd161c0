package vae4j.model;

import org.bytedeco.pytorch.Tensor;
import vae4j.data.ImageSpec;
import vae4j.engine.Tensors;

/**
 * Gaussian per pixel with a learned variance. The decoder gives {@code [batch, 2c, h, w]}: the first c channels are
 * mean logits (mean = sigmoid), the last c log-variances, either used per pixel ({@code gaussian-learned}) or averaged
 * over the picture into one variance shared by all its pixels ({@code gaussian-shared}). -log p(x|z) =
 * sum over pixels of {@code ((x - mean)^2 / var + log var + log 2 pi) / 2}. Log-variances are clamped below at
 * {@link #MIN_LOG_VAR} (standard deviation 0.0067, under 1/100 of the grey range), because pixels that never vary (a
 * black border) would otherwise drive the density to infinity.
 */
public record LearnedGaussianLikelihood(ImageSpec image, boolean shared) implements Likelihood {
    public static final String ID = "gaussian-learned";
    public static final String SHARED_ID = "gaussian-shared";
    public static final double MIN_LOG_VAR = -10;
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    @Override
    public String id() {
        return shared ? SHARED_ID : ID;
    }

    @Override
    public int outputs() {
        return 2 * image.features();
    }

    @Override
    public long[] outputShape(long n) {
        return new long[] {n, 2L * image.channels(), image.height(), image.width()};
    }

    /** The log-variance per pixel {@code [batch, c, h, w]} (constant over the picture when shared). */
    public Tensor logVar(Tensor params) {
        Tensor lv = params.narrow(1, image.channels(), image.channels())
                .clamp_min(Tensors.scalar(MIN_LOG_VAR));
        if (shared) {
            long n = lv.size(0);
            lv = lv.reshape(n, -1).mean(1).unsqueeze(1).expand(n, image.features())
                    .reshape(image.batchShape(n));
        }
        return lv;
    }

    @Override
    public Tensor negLogLikelihood(Tensor params, Tensor x) {
        Tensor lv = logVar(params);
        Tensor d = mean(params).sub(x);
        return d.square().mul(lv.neg().exp()).add(lv).add(Tensors.scalar(LOG_2PI)).mul(Tensors.scalar(0.5))
                .flatten(1, -1).sum(1);
    }

    @Override
    public Tensor mean(Tensor params) {
        return params.narrow(1, 0, image.channels()).sigmoid();
    }
}
