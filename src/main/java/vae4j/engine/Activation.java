package vae4j.engine;

import org.bytedeco.pytorch.Tensor;

/** Element-wise non-linearities applied after a layer. */
public enum Activation {
    /** Identity: the layer's output is used as is (heads, logits). */
    NONE,
    /** max(0, x). */
    RELU,
    /** tanh(x) (the IWAE paper's networks). */
    TANH;

    public Tensor apply(Tensor x) {
        return switch (this) {
            case RELU -> x.relu();
            case TANH -> x.tanh();
            case NONE -> x;
        };
    }

    public String suffix() {
        return switch (this) {
            case RELU -> ", relu";
            case TANH -> ", tanh";
            case NONE -> "";
        };
    }
}
