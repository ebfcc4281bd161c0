package vae4j.engine;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.bytedeco.pytorch.Tensor;

/**
 * {@code [batch, ...] -> [batch, ...shape]}; with an empty shape it flattens to {@code [batch, n]}. Image-shaped
 * results ({@code [batch, c, h, w]}) are laid out channels-last, which oneDNN's convolutions run faster on
 * (measured +5 to 7 % for the conv presets).
 */
public final class Reshape implements Layer {
    private final long[] shape;

    /** @param shape the per-example shape, e.g. {@code 64, 14, 14}; none to flatten */
    public Reshape(long... shape) {
        this.shape = shape.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        if (shape.length == 0) {
            return x.flatten(1, -1);
        }
        long[] full = new long[shape.length + 1];
        full[0] = x.size(0);
        System.arraycopy(shape, 0, full, 1, shape.length);
        Tensor y = x.reshape(full);
        return full.length == 4 ? y.contiguous(org.bytedeco.pytorch.global.torch.MemoryFormat.ChannelsLast) : y;
    }

    @Override
    public String describe() {
        return shape.length == 0 ? "Flatten"
                : "Reshape " + Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining("x"));
    }

    @Override
    public long parameterCount() {
        return 0;
    }
}
