package vae4j.engine;

import org.bytedeco.pytorch.Tensor;

/** Element-wise non-linearities applied after a layer. */
public enum Activation {
    /** Identity: the layer's output is used as is (heads, logits). */
    NONE,
    /** max(0, x). */
    RELU;

    public Tensor apply(Tensor x) {
        return this == RELU ? x.relu() : x;
    }

    public String suffix() {
        return this == RELU ? ", relu" : "";
    }
}
