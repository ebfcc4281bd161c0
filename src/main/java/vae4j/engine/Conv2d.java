package vae4j.engine;

import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.pytorch.Conv2dImpl;
import org.bytedeco.pytorch.Conv2dOptions;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * 2-D convolution {@code [batch, inC, h, w] -> [batch, outC, h', w']} with a square kernel. Padding is Keras-style:
 * {@code SAME} keeps {@code h' = h} (stride 1; an even kernel pads one more on the bottom/right, as TensorFlow does,
 * by an explicit zero pad before a "valid" convolution),
 * {@code VALID} pads nothing, or an explicit symmetric amount.
 */
public final class Conv2d implements Layer {
    /** Pass as {@code padding} for TensorFlow's "same" (stride 1 only). */
    public static final int SAME = -1;

    private final Conv2dImpl conv;
    private final long in;
    private final long out;
    private final long kernel;
    private final long stride;
    private final int padding;
    private final Activation activation;
    /** Zero padding applied before the convolution, {left, right, top, bottom}: TensorFlow's uneven "same". */
    private final long[] prePad;

    /**
     * @param padding {@link #SAME}, or the number of zero rows/columns added on each side (0 = "valid")
     */
    public Conv2d(Module owner, String name, long in, long out, long kernel, long stride, int padding,
                  Activation activation) {
        Engine.init();
        if (padding == SAME && stride != 1) {
            throw new IllegalArgumentException("'same' padding needs stride 1, got stride " + stride);
        }
        Conv2dOptions options = new Conv2dOptions(in, out, new LongPointer(kernel, kernel));
        options.stride().put(0, stride).put(1, stride);
        long symmetric = padding;
        long[] uneven = null;
        if (padding == SAME) {
            long before = (kernel - 1) / 2;
            long after = kernel - 1 - before;
            symmetric = before == after ? before : 0;
            uneven = before == after ? null : new long[] {before, after, before, after};
        }
        options.padding().put(new LongPointer(symmetric, symmetric));
        this.prePad = uneven;
        this.conv = owner.register_module(name, new Conv2dImpl(options));
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.activation = activation;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (prePad == null) {
            return activation.applyInPlace(conv.forward(x));
        }
        Tensor padded = torch.constant_pad_nd(x, prePad);
        Tensor y = conv.forward(padded);
        padded.close();   // our handle only: autograd keeps what the backward pass needs
        return activation.applyInPlace(y);
    }

    @Override
    public String describe() {
        String pad = padding == SAME ? "same" : padding == 0 ? "valid" : "pad " + padding;
        return "Conv2D " + out + ", " + kernel + "x" + kernel + ", stride " + stride + ", " + pad + activation.suffix();
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
