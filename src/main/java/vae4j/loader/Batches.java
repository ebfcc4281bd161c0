package vae4j.loader;

import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import vae4j.data.Dataset;
import vae4j.data.ImageDataset;
import vae4j.data.InputSpec;
import vae4j.engine.Tensors;

/** Examples as tensors of the model's input shape. */
public final class Batches {
    private Batches() {
    }

    /** {@code values} ({@code n * features} floats) as a tensor {@code spec.batchShape(n)} on {@code device}. */
    public static Tensor tensor(InputSpec spec, float[] values, int n, Device device) {
        return onDevice(Tensors.floats(values, spec.batchShape(n)), device);
    }

    private static Tensor onDevice(Tensor t, Device device) {
        if (device != null && !device.is_cpu()) {
            Tensor moved = t.to(device, torch.ScalarType.Float);
            t.close();
            return moved;
        }
        return t;
    }

    /**
     * Examples {@code from .. from+count-1} of {@code data} as a tensor {@code [count, ...input]}. Images held in
     * memory as bytes are converted by libtorch on the CPU (the same float32 values {@link Dataset#read} gives, without
     * the float copy on the Java side; libtorch's CPU division is exact, so the tensor moves to {@code device} only
     * after it).
     */
    public static Tensor range(Dataset data, int from, int count, Device device) {
        if (data instanceof ImageDataset images) {
            Tensor t = Tensors.unitFloatsFromByteSlice(images.pixels(), images.pixelOffset(from, count),
                    images.spec().batchShape(count));
            return onDevice(t, device);
        }
        float[] values = new float[count * data.spec().features()];
        data.read(from, count, values);
        return tensor(data.spec(), values, count, device);
    }

    /** The examples {@code rows} of {@code data} as a tensor {@code [rows.length, ...input]}. */
    public static Tensor rows(Dataset data, int[] rows, Device device) {
        float[] values = new float[rows.length * data.spec().features()];
        data.read(rows, values);
        return tensor(data.spec(), values, rows.length, device);
    }

    /**
     * One-hot rows {@code [labels.length, classes]} (float32) on {@code device}.
     *
     * @throws IllegalArgumentException for a label outside {@code 0 .. classes-1}
     */
    public static Tensor oneHot(int[] labels, int classes, Device device) {
        float[] v = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " is outside the model's classes 0.."
                        + (classes - 1));
            }
            v[i * classes + labels[i]] = 1;
        }
        Tensor t = Tensors.floats(v, labels.length, classes);
        return device != null && !device.is_cpu() ? t.to(device, torch.ScalarType.Float) : t;
    }

    /** The labels of {@code rows} of {@code data} as one-hot rows {@code [rows.length, classes]}. */
    public static Tensor oneHot(Dataset data, int[] rows, int classes, Device device) {
        int[] all = data.labels();
        if (all == null) {
            throw new IllegalArgumentException(data.name() + " has no labels, and the model is conditional on "
                    + classes + " classes: it needs each example's label");
        }
        int[] l = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            l[i] = all[rows[i]];
        }
        return oneHot(l, classes, device);
    }

    /** The identity order {@code 0 .. n-1}. */
    public static int[] identity(int n) {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = i;
        }
        return o;
    }
}
