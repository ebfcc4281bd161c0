package vae4j.engine;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * Tensor helpers that hide the C++-shaped parts of the binding ({@code Scalar}, empty optionals, reduction codes,
 * raw pointers), so that model code reads like PyTorch.
 */
public final class Tensors {
    private Tensors() {
    }

    /** A float32 tensor of the given shape holding a copy of {@code data} (row-major). */
    public static Tensor floats(float[] data, long... shape) {
        Engine.init();
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + java.util.Arrays.toString(shape) + " holds " + n
                    + " values, got " + data.length);
        }
        Tensor t = torch.empty(shape);
        t.data_ptr_float().put(data);
        return t;
    }

    /** A float32 tensor of zeros, on the CPU. */
    public static Tensor zeros(long... shape) {
        Engine.init();
        return torch.zeros(shape);
    }

    /**
     * The unsigned bytes {@code data[offset ..]} that {@code shape} holds ({@code [n, c, h, w]}, or any shape whose
     * first dimension is n) as float32 in [0, 1]: each value exactly {@code (b & 0xff) / 255f}, converted and divided
     * by libtorch on its threads. The bytes go to native memory a slice at a time, so the float tensor is the only
     * full-size native copy.
     */
    public static Tensor unitFloatsFromByteSlice(byte[] data, int offset, long... shape) {
        Engine.init();
        long per = 1;
        for (int i = 1; i < shape.length; i++) {
            per *= shape[i];
        }
        if (offset < 0 || offset + per * shape[0] > data.length) {
            throw new IllegalArgumentException("shape " + java.util.Arrays.toString(shape) + " from byte " + offset
                    + " needs " + (offset + per * shape[0]) + " bytes, got " + data.length);
        }
        Tensor out = torch.empty(shape);
        long rowsPerSlice = Math.max(1, (8L << 20) / Math.max(1, per));
        try (PointerScope scope = new PointerScope()) {
            for (long from = 0; from < shape[0]; from += rowsPerSlice) {
                long rows = Math.min(rowsPerSlice, shape[0] - from);
                try (PointerScope slice = new PointerScope()) {
                    BytePointer bytes = new BytePointer(rows * per);
                    bytes.put(data, (int) (offset + from * per), (int) (rows * per));
                    long[] sliceShape = shape.clone();
                    sliceShape[0] = rows;
                    Tensor u8 = torch.from_blob(bytes, sliceShape,
                            new org.bytedeco.pytorch.TensorOptions(torch.ScalarType.Byte));
                    out.narrow(0, from, rows).copy_(u8);
                }
            }
            out.div_(scalar(255.0));
        }
        return out;
    }

    /**
     * Lets {@code p} outlive the enclosing {@code PointerScope}: takes a reference of the caller's own, released by
     * {@code p.close()}. ({@code PointerScope.detach} is not the way: it drops the scope's reference and frees
     * {@code p} at once.)
     */
    public static <P extends org.bytedeco.javacpp.Pointer> P keep(P p) {
        p.retainReference();
        return p;
    }

    /** A copy of a tensor's values as a Java array (converted to float32, made contiguous). */
    public static float[] toFloats(Tensor t) {
        try (PointerScope scope = new PointerScope()) {
            Tensor c = t.detach().to(torch.ScalarType.Float).contiguous();
            float[] out = new float[Math.toIntExact(c.numel())];
            c.data_ptr_float().get(out);
            return out;
        }
    }

    /** The tensor's shape. */
    public static long[] shape(Tensor t) {
        long[] shape = new long[(int) t.dim()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = t.size(i);
        }
        return shape;
    }

    /** A libtorch {@code Scalar} (released with the enclosing {@code PointerScope}). */
    public static Scalar scalar(double v) {
        return new Scalar(v);
    }

    /** An optional scalar argument holding {@code v}. */
    public static org.bytedeco.pytorch.ScalarOptional scalarOptional(double v) {
        return new org.bytedeco.pytorch.ScalarOptional(new Scalar(v));
    }

    /** An index tensor (int64) from Java ints. */
    public static Tensor longs(long[] values) {
        Engine.init();
        Tensor t = torch.empty(new long[] {values.length}, new org.bytedeco.pytorch.TensorOptions(torch.ScalarType.Long),
                new org.bytedeco.pytorch.MemoryFormatOptional());
        t.data_ptr_long().put(values);
        return t;
    }

    /** An absent optional tensor argument (no weight, no bias). */
    static TensorOptional none() {
        return new TensorOptional();
    }

    /** Binary cross-entropy from logits, summed over every element: numerically stable (log-sum-exp inside). */
    public static Tensor bceWithLogitsSum(Tensor logits, Tensor target) {
        return torch.binary_cross_entropy_with_logits(logits, target, none(), none(), torch.Reduction.Sum.value);
    }

    /** Binary cross-entropy from logits, element by element (no reduction). */
    public static Tensor bceWithLogits(Tensor logits, Tensor target) {
        return torch.binary_cross_entropy_with_logits(logits, target, none(), none(), torch.Reduction.None.value);
    }

    /** {@code log(1 + exp(x))}, element by element, stable for large |x|. */
    public static Tensor softplus(Tensor x) {
        return torch.softplus(x);
    }

    /** Concatenates tensors along dimension {@code dim}. */
    public static Tensor cat(java.util.List<Tensor> parts, long dim) {
        org.bytedeco.pytorch.TensorVector v = new org.bytedeco.pytorch.TensorVector();
        for (Tensor t : parts) {
            v.push_back(t);
        }
        return torch.cat(v, dim);
    }

    /** An int64 index tensor from Java ints, on {@code like}'s device. */
    public static Tensor indices(int[] values, Tensor like) {
        long[] l = new long[values.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = values[i];
        }
        Tensor t = longs(l);
        return like.device().is_cpu() ? t : t.to(like.device(), torch.ScalarType.Long);
    }
}
