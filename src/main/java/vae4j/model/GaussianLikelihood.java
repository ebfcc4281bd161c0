package vae4j.model;

import org.bytedeco.pytorch.Tensor;
import vae4j.data.ImageSpec;
import vae4j.engine.Tensors;

/**
 * Gaussian per pixel with mean {@code sigmoid(logits)} and fixed variance 1/2: -log p(x|z) = sum (x - mean)^2 +
 * D/2 log(pi). Its gradient is exactly the Keras recipe's "784 * mse" loss; the constant makes it a true density.
 */
public record GaussianLikelihood(ImageSpec image) implements Likelihood {
    public static final String ID = "gaussian";
    private static final double HALF_LOG_PI = 0.5 * Math.log(Math.PI);

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
        return params.sigmoid().sub(x).square().flatten(1, -1).sum(1)
                .add(Tensors.scalar(HALF_LOG_PI * image.features()));
    }

    @Override
    public Tensor negLogLikelihoodSum(Tensor params, Tensor x) {
        return params.sigmoid().sub(x).square().sum().add(Tensors.scalar(HALF_LOG_PI * x.numel()));
    }

    @Override
    public Tensor mean(Tensor params) {
        return params.sigmoid();
    }
}
