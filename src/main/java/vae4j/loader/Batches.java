package vae4j.loader;

import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import vae4j.data.Dataset;
import vae4j.data.InputSpec;
import vae4j.engine.Tensors;

/** Examples as tensors of the model's input shape. */
public final class Batches {
    private Batches() {
    }

    /** {@code values} ({@code n * features} floats) as a tensor {@code spec.batchShape(n)} on {@code device}. */
    public static Tensor tensor(InputSpec spec, float[] values, int n, Device device) {
        Tensor t = Tensors.floats(values, spec.batchShape(n));
        if (device != null && !device.is_cpu()) {
            Tensor moved = t.to(device, torch.ScalarType.Float);
            t.close();
            return moved;
        }
        return t;
    }

    /** Examples {@code from .. from+count-1} of {@code data} as a tensor {@code [count, ...input]}. */
    public static Tensor range(Dataset data, int from, int count, Device device) {
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

    /** The identity order {@code 0 .. n-1}. */
    public static int[] identity(int n) {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = i;
        }
        return o;
    }
}
