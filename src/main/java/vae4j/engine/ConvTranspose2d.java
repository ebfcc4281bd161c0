package vae4j.engine;

import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.ConvTranspose2dImpl;
import org.bytedeco.pytorch.ConvTranspose2dOptions;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * Transposed 2-D convolution {@code [batch, inC, h, w] -> [batch, outC, (h-1)*stride - 2*padding + kernel +
 * outputPadding, ...]}. Keras' {@code Conv2DTranspose(padding="same")} is {@code padding = (kernel-1)/2} with
 * {@code outputPadding = stride-1}; "valid" is 0 and 0.
 */
public final class ConvTranspose2d implements Layer {
    private final ConvTranspose2dImpl conv;
    private final long in;
    private final long out;
    private final long kernel;
    private final long stride;
    private final String padName;
    private final Activation activation;

    public ConvTranspose2d(Module owner, String name, long in, long out, long kernel, long stride, boolean same,
                           Activation activation) {
        Engine.init();
        long padding = same ? (kernel - 1) / 2 : 0;
        long outputPadding = same ? stride - 1 : 0;
        ConvTranspose2dOptions options = new ConvTranspose2dOptions(in, out, new LongPointer(kernel, kernel));
        options.stride().put(0, stride).put(1, stride);
        options.padding().put(0, padding).put(1, padding);
        options.output_padding().put(0, outputPadding).put(1, outputPadding);
        this.conv = owner.register_module(name, new ConvTranspose2dImpl(options));
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padName = same ? "same" : "valid";
        this.activation = activation;
    }

    @Override
    public Tensor forward(Tensor x) {
        return activation.applyInPlace(conv.forward(x));
    }

    @Override
    public String describe() {
        return "Conv2DTranspose " + out + ", " + kernel + "x" + kernel + ", stride " + stride + ", " + padName
                + activation.suffix();
    }

    @Override
    public void initGlorot() {
        Layer.glorot(conv.weight(), conv.bias());
    }

    @Override
    public long parameterCount() {
        return in * out * kernel * kernel + out;
    }
}
