package vae4j.train;

import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.AdamOptions;
import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.RMSprop;
import org.bytedeco.pytorch.RMSpropOptions;
import org.bytedeco.pytorch.TensorVector;
import vae4j.model.EnumNames;

/** Optimisers offered by the presets, with the defaults of the recipes they come from. */
public enum OptimizerKind {
    /** Adam with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8. */
    ADAM,
    /** RMSprop with Keras' defaults: rho 0.9, eps 1e-7 (PyTorch's alpha defaults to 0.99). */
    RMSPROP;

    /** Creates the libtorch optimiser over {@code parameters}. */
    public Optimizer create(TensorVector parameters, double learningRate) {
        if (this == ADAM) {
            return new Adam(parameters, new AdamOptions(learningRate));
        }
        RMSpropOptions o = new RMSpropOptions(learningRate);
        o.alpha().put(0.9);
        o.eps().put(1e-7);
        return new RMSprop(parameters, o);
    }

    public String id() {
        return EnumNames.id(this);
    }

    public static OptimizerKind parse(String s) {
        return EnumNames.parse(OptimizerKind.class, s, "optimizer");
    }
}
