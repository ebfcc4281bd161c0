package vae4j.model;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.bytedeco.pytorch.Module;
import vae4j.engine.Activation;
import vae4j.engine.Conv2d;
import vae4j.engine.ConvTranspose2d;
import vae4j.engine.Dense;
import vae4j.engine.Layer;
import vae4j.engine.Reshape;

/**
 * One layer of an architecture as plain data: its name, sizes, per-example output shape and parameter count, known
 * without starting the engine (for {@code summary}, memory estimates and checks), and built into a libtorch layer by
 * {@link #build}. Shapes are per example and channels-first: {@code [c, h, w]} or {@code [n]}.
 */
public sealed interface LayerSpec {
    /** The per-example output shape for the per-example input shape {@code in}. */
    long[] outputShape(long[] in);

    /** Trainable scalars. */
    long parameters();

    /** One line for summaries, e.g. {@code Conv2D 64, 3x3, stride 1, same, relu} (Keras' words). */
    String describe();

    /** The libtorch layer, its parameters registered in {@code owner}. */
    Layer build(Module owner);

    /** Fully connected {@code [in] -> [out]}. */
    record DenseSpec(String name, long in, long out, Activation activation) implements LayerSpec {
        @Override
        public long[] outputShape(long[] shape) {
            return new long[] {out};
        }

        @Override
        public long parameters() {
            return in * out + out;
        }

        @Override
        public String describe() {
            return "Dense " + out + activation.suffix();
        }

        @Override
        public Layer build(Module owner) {
            return new Dense(owner, name, in, out, activation);
        }
    }

    /** 2-D convolution with a square kernel; {@code padding} is {@link Conv2d#SAME} or a symmetric amount. */
    record ConvSpec(String name, long in, long out, long kernel, long stride, int padding, Activation activation)
            implements LayerSpec {
        @Override
        public long[] outputShape(long[] s) {
            if (padding == Conv2d.SAME) {
                return new long[] {out, s[1], s[2]};
            }
            return new long[] {out, (s[1] + 2L * padding - kernel) / stride + 1, (s[2] + 2L * padding - kernel) / stride
                    + 1};
        }

        @Override
        public long parameters() {
            return in * out * kernel * kernel + out;
        }

        @Override
        public String describe() {
            String pad = padding == Conv2d.SAME ? "same" : padding == 0 ? "valid" : "pad " + padding;
            return "Conv2D " + out + ", " + kernel + "x" + kernel + ", stride " + stride + ", " + pad
                    + activation.suffix();
        }

        @Override
        public Layer build(Module owner) {
            return new Conv2d(owner, name, in, out, kernel, stride, padding, activation);
        }
    }

    /**
     * Transposed convolution: "same" multiplies the sides by the stride, "valid" gives {@code (h - 1) * stride +
     * kernel}.
     */
    record DeconvSpec(String name, long in, long out, long kernel, long stride, boolean same, Activation activation)
            implements LayerSpec {
        @Override
        public long[] outputShape(long[] s) {
            return same ? new long[] {out, s[1] * stride, s[2] * stride}
                    : new long[] {out, (s[1] - 1) * stride + kernel, (s[2] - 1) * stride + kernel};
        }

        @Override
        public long parameters() {
            return in * out * kernel * kernel + out;
        }

        @Override
        public String describe() {
            return "Conv2DTranspose " + out + ", " + kernel + "x" + kernel + ", stride " + stride + ", "
                    + (same ? "same" : "valid") + activation.suffix();
        }

        @Override
        public Layer build(Module owner) {
            return new ConvTranspose2d(owner, name, in, out, kernel, stride, same, activation);
        }
    }

    /** {@code [...] -> shape}; an empty shape flattens. */
    record ReshapeSpec(long... shape) implements LayerSpec {
        @Override
        public long[] outputShape(long[] in) {
            return shape.length == 0 ? new long[] {Arrays.stream(in).reduce(1, (a, b) -> a * b)} : shape.clone();
        }

        @Override
        public long parameters() {
            return 0;
        }

        @Override
        public String describe() {
            return shape.length == 0 ? "Flatten"
                    : "Reshape " + Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining("x"));
        }

        @Override
        public Layer build(Module owner) {
            return new Reshape(shape);
        }
    }
}
