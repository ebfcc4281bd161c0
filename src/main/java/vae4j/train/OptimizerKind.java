package vae4j.train;

import vae4j.engine.Optimizers;
import vae4j.model.EnumNames;
import vae4j.model.Vae;

/** Optimisers offered by the presets, with the defaults of the recipes they come from. */
public enum OptimizerKind {
    /** Adam with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8. */
    ADAM,
    /** RMSprop with Keras' defaults: rho 0.9, eps 1e-7 (PyTorch's alpha defaults to 0.99). */
    RMSPROP,
    /** Adam as in the IWAE paper (Burda et al. 2015): betas (0.9, 0.999), eps 1e-4. */
    ADAM_IWAE;

    /** Creates the libtorch optimiser over the model's parameters. */
    public Optimizers create(Vae model, double learningRate) {
        return switch (this) {
            case ADAM -> Optimizers.adam(model.module(), learningRate);
            case RMSPROP -> Optimizers.rmsprop(model.module(), learningRate);
            case ADAM_IWAE -> Optimizers.adam(model.module(), learningRate, 1e-4);
        };
    }

    public String id() {
        return EnumNames.id(this);
    }

    public static OptimizerKind parse(String s) {
        return EnumNames.parse(OptimizerKind.class, s, "optimizer");
    }
}
