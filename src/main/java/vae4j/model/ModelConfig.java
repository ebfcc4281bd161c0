package vae4j.model;

import java.util.List;

/**
 * Everything that fixes a VAE's shapes: input {@code [channels, height, width]}, the encoder/decoder family and its
 * hidden sizes (see {@link Architecture}), the latent size and the likelihood. Immutable; validated on construction.
 */
public record ModelConfig(Architecture architecture, int channels, int height, int width, List<Integer> hidden,
                          int latentDim, Likelihood likelihood) {

    public ModelConfig {
        if (architecture == null || likelihood == null || hidden == null) {
            throw new IllegalArgumentException("architecture, hidden sizes and likelihood are required");
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

    /** Pixels per example, {@code c*h*w}. */
    public int inputSize() {
        return channels * height * width;
    }

    public ModelConfig withLatentDim(int latent) {
        return new ModelConfig(architecture, channels, height, width, hidden, latent, likelihood);
    }

    public ModelConfig withHidden(List<Integer> sizes) {
        return new ModelConfig(architecture, channels, height, width, sizes, latentDim, likelihood);
    }

    public ModelConfig withLikelihood(Likelihood l) {
        return new ModelConfig(architecture, channels, height, width, hidden, latentDim, l);
    }

    public ModelConfig withInput(int c, int h, int w) {
        return new ModelConfig(architecture, c, h, w, hidden, latentDim, likelihood);
    }

    /** The part of a config that {@link Architecture#problem} looks at. */
    record Shape(Architecture architecture, int channels, int height, int width, List<Integer> hidden) {
    }
}
