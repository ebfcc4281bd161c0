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

    /**
     * As {@link #apply}, overwriting {@code fresh}: for a layer's own new output, which no backward pass needs
     * (a linear layer or a convolution saves its input and weight, not its output; relu and tanh save their result),
     * so autograd allows it, and the step has one tensor and one pass less per layer.
     */
    public Tensor applyInPlace(Tensor fresh) {
        return switch (this) {
            case RELU -> fresh.relu_();
            case TANH -> fresh.tanh_();
            case NONE -> fresh;
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
