package vae4j.model;

import java.util.List;

/**
 * Everything that fixes a VAE: input {@code [channels, height, width]}, the encoder/decoder family and its hidden
 * sizes (see {@link Architecture}), the latent size, the likelihood, the weight initialisation and an optional clamp
 * of z_log_var to {@code [-logVarLimit, logVarLimit]} (0: none), a guard against divergence. Immutable; validated on
 * construction.
 */
public record ModelConfig(Architecture architecture, int channels, int height, int width, List<Integer> hidden,
                          int latentDim, Likelihood likelihood, Init init, double logVarLimit) {

    public ModelConfig {
        if (architecture == null || likelihood == null || hidden == null || init == null) {
            throw new IllegalArgumentException("architecture, hidden sizes, likelihood and init are required");
        }
        if (!(logVarLimit >= 0) || Double.isInfinite(logVarLimit)) {
            throw new IllegalArgumentException("log-variance limit must be >= 0 (0: none), got " + logVarLimit);
        }
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("input shape must be positive, got " + channels + "x" + height + "x"
                    + width);
        }
        if (latentDim < 1) {
            throw new IllegalArgumentException("latent size must be >= 1, got " + latentDim);
        }
        if (latentDim > 4096) {
            throw new IllegalArgumentException("latent size must be <= 4096, got " + latentDim);
        }
        hidden = List.copyOf(hidden);
        for (int h : hidden) {
            if (h < 1) {
                throw new IllegalArgumentException("hidden sizes must be >= 1, got " + hidden);
            }
        }
        String problem = architecture.problem(new Shape(architecture, channels, height, width, hidden));
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * Checks that images of shape {@code c x h x w} fit this model.
     *
     * @throws IllegalArgumentException naming both shapes otherwise
     */
    public void checkImages(String what, int c, int h, int w) {
        if (c != channels || h != height || w != width) {
            throw new IllegalArgumentException(what + " are " + c + "x" + h + "x" + w + " but the model takes "
                    + channels + "x" + height + "x" + width + " images");
        }
    }

    /** Pixels per example, {@code c*h*w}. */
    public int inputSize() {
        return channels * height * width;
    }

    public ModelConfig withLatentDim(int latent) {
        return new ModelConfig(architecture, channels, height, width, hidden, latent, likelihood, init, logVarLimit);
    }

    public ModelConfig withHidden(List<Integer> sizes) {
        return new ModelConfig(architecture, channels, height, width, sizes, latentDim, likelihood, init, logVarLimit);
    }

    public ModelConfig withLikelihood(Likelihood l) {
        return new ModelConfig(architecture, channels, height, width, hidden, latentDim, l, init, logVarLimit);
    }

    public ModelConfig withInit(Init i) {
        return new ModelConfig(architecture, channels, height, width, hidden, latentDim, likelihood, i, logVarLimit);
    }

    public ModelConfig withLogVarLimit(double limit) {
        return new ModelConfig(architecture, channels, height, width, hidden, latentDim, likelihood, init, limit);
    }

    /** The part of a config that {@link Architecture#problem} looks at. */
    record Shape(Architecture architecture, int channels, int height, int width, List<Integer> hidden) {
    }
}
