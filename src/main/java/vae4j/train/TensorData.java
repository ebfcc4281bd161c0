package vae4j.train;

import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import vae4j.data.ImageDataset;
import vae4j.engine.Tensors;

/**
 * A data set resident once on the device as float32 {@code [n, c, h, w]} in [0, 1]; batches are slices or index
 * selections of it, never copies of the whole. Close it to free the native memory at once.
 */
public final class TensorData implements AutoCloseable {
    private final ImageDataset source;
    private final Tensor images;

    private TensorData(ImageDataset source, Tensor images) {
        this.source = source;
        this.images = images;
    }

    /** Copies {@code data}'s bytes to the device as floats (the only full copy). */
    public static TensorData of(ImageDataset data, Device device) {
        Tensor t = Tensors.unitFloatsFromBytes(data.pixels(), data.size(), data.channels(), data.height(),
                data.width());
        if (!device.is_cpu()) {
            Tensor moved = t.to(device, org.bytedeco.pytorch.global.torch.ScalarType.Float);
            t.close();
            t = moved;
        }
        return new TensorData(data, t);
    }

    /** All images, {@code [n, c, h, w]}. */
    public Tensor images() {
        return images;
    }

    public ImageDataset source() {
        return source;
    }

    public int size() {
        return source.size();
    }

    /** Images {@code start .. start+length-1} as a view: {@code [length, c, h, w]}. */
    public Tensor slice(long start, long length) {
        return images.narrow(0, start, length);
    }

    /** The images at {@code index} (an int64 tensor on the same device): {@code [len(index), c, h, w]}. */
    public Tensor select(Tensor index) {
        return images.index_select(0, index);
    }

    @Override
    public void close() {
        images.close();
    }
}
