package vae4j.model;

import java.util.List;
import vae4j.data.ImageSpec;
import vae4j.data.InputSpec;

/**
 * Everything that fixes a VAE: the input (images {@code [c, h, w]} or a table's columns), the encoder/decoder family
 * and its hidden sizes (see {@link Architecture}), the latent size, the likelihood (bound to the input), the weight
 * initialisation and an optional clamp of z_log_var to {@code [-logVarLimit, logVarLimit]} (0: none), a guard against
 * divergence, and for a conditional VAE the number of classes whose one-hot label enters encoder and decoder (0: not
 * conditional). Immutable; validated on construction.
 */
public record ModelConfig(Architecture architecture, InputSpec input, List<Integer> hidden, int latentDim,
                          Likelihood likelihood, Init init, double logVarLimit, int classes) {
    /** The widest hidden layer accepted: beyond it one layer alone would need gigabytes. */
    public static final int MAX_HIDDEN = 1 << 16;
    /** The largest latent size accepted. */
    public static final int MAX_LATENT = 4096;
    /** The most classes a conditional model takes. */
    public static final int MAX_CLASSES = 65_536;

    /** An unconditional model. */
    public ModelConfig(Architecture architecture, InputSpec input, List<Integer> hidden, int latentDim,
                       Likelihood likelihood, Init init, double logVarLimit) {
        this(architecture, input, hidden, latentDim, likelihood, init, logVarLimit, 0);
    }

    public ModelConfig {
        if (classes < 0 || classes > MAX_CLASSES) {
            throw new IllegalArgumentException("a conditional model takes 1.." + MAX_CLASSES + " classes, got "
                    + classes);
        }
        if (architecture == null || input == null || likelihood == null || hidden == null || init == null) {
            throw new IllegalArgumentException("architecture, input, hidden sizes, likelihood and init are required");
        }
        if (!(logVarLimit >= 0) || Double.isInfinite(logVarLimit)) {
            throw new IllegalArgumentException("log-variance limit must be >= 0 (0: none), got " + logVarLimit);
        }
        if (latentDim < 1) {
            throw new IllegalArgumentException("latent size must be >= 1, got " + latentDim);
        }
        if (latentDim > MAX_LATENT) {
            throw new IllegalArgumentException("latent size must be <= " + MAX_LATENT + ", got " + latentDim);
        }
        hidden = List.copyOf(hidden);
        for (int h : hidden) {
            if (h < 1 || h > MAX_HIDDEN) {
                throw new IllegalArgumentException("hidden sizes must be in 1.." + MAX_HIDDEN + ", got " + hidden);
            }
        }
        Likelihood expected = Likelihood.of(likelihood.id(), input);
        if (!expected.equals(likelihood)) {
            throw new IllegalArgumentException("the " + likelihood.id() + " likelihood was set up for another input"
                    + " than " + input.describe());
        }
        String problem = architecture.problem(input, hidden);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** A config with the input's default likelihood, no log-variance clamp. */
    public static ModelConfig of(Architecture architecture, InputSpec input, List<Integer> hidden, int latentDim,
                                 Init init) {
        return new ModelConfig(architecture, input, hidden, latentDim, Likelihood.of(null, input), init, 0);
    }

    /** The image shape. @throws IllegalArgumentException if the model takes table rows */
    public ImageSpec image() {
        if (input instanceof ImageSpec s) {
            return s;
        }
        throw new IllegalArgumentException("this model takes " + input.describe() + ", not images");
    }

    /** True if the model takes images. */
    public boolean takesImages() {
        return input instanceof ImageSpec;
    }

    /**
     * Checks that examples of {@code spec} fit this model.
     *
     * @throws IllegalArgumentException naming both otherwise
     */
    public void checkInput(String what, InputSpec spec) {
        if (!spec.equals(input)) {
            if (spec instanceof ImageSpec && input instanceof ImageSpec) {
                throw new IllegalArgumentException(what + " are " + spec + " but the model takes " + input
                        + " images");
            }
            throw new IllegalArgumentException(what + ": " + spec.describe() + " does not match the model's "
                    + input.describe());
        }
    }

    /** Values per example in model space. */
    public int inputSize() {
        return input.features();
    }

    public ModelConfig withLatentDim(int latent) {
        return new ModelConfig(architecture, input, hidden, latent, likelihood, init, logVarLimit, classes);
    }

    public ModelConfig withHidden(List<Integer> sizes) {
        return new ModelConfig(architecture, input, sizes, latentDim, likelihood, init, logVarLimit, classes);
    }

    /** The likelihood named {@code id} (for this input). */
    public ModelConfig withLikelihood(String id) {
        return new ModelConfig(architecture, input, hidden, latentDim, Likelihood.of(id, input), init, logVarLimit,
                classes);
    }

    public ModelConfig withInit(Init i) {
        return new ModelConfig(architecture, input, hidden, latentDim, likelihood, i, logVarLimit, classes);
    }

    /** True if labels enter encoder and decoder. */
    public boolean conditional() {
        return classes > 0;
    }

    /** A conditional model over {@code n} classes (0: unconditional). */
    public ModelConfig withClasses(int n) {
        return new ModelConfig(architecture, input, hidden, latentDim, likelihood, init, logVarLimit, n);
    }

    public ModelConfig withLogVarLimit(double limit) {
        return new ModelConfig(architecture, input, hidden, latentDim, likelihood, init, limit, classes);
    }
}
