package vae4j.engine;

import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * Fully connected layer {@code [batch, in] -> [batch, out]}, {@code y = act(x W^T + b)}. Initialised as PyTorch's
 * {@code nn.Linear} (uniform in +-1/sqrt(in)).
 */
public final class Dense implements Layer {
    private final LinearImpl linear;
    private final long in;
    private final long out;
    private final Activation activation;

    /** Creates the layer and registers its parameters under {@code name} in {@code owner}. */
    public Dense(Module owner, String name, long in, long out, Activation activation) {
        Engine.init();
        this.linear = owner.register_module(name, new LinearImpl(in, out));
        this.in = in;
        this.out = out;
        this.activation = activation;
    }

    @Override
    public Tensor forward(Tensor x) {
        return activation.applyInPlace(linear.forward(x));
    }

    /** Where the weights live. */
    public org.bytedeco.pytorch.Device device() {
        return linear.weight().device();
    }

    @Override
    public String describe() {
        return "Dense " + out + activation.suffix();
    }

    @Override
    public void initGlorot() {
        Layer.glorot(linear.weight(), linear.bias());
    }

    @Override
    public long parameterCount() {
        return in * out + out;
    }
}
