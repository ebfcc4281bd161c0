package vae4j.data;

import java.io.IOException;

/**
 * Byte rows (values 0..255) divided by 255: the same floats {@link ImageDataset} gives ({@code b / 255f}, which
 * {@code b * (1f / 255f)} misses by one ulp for about half the bytes), so one image has the same model-space values
 * whichever source held it.
 */
record ByteScaledRows(RowStore bytes) implements RowStore {
    @Override
    public int rows() {
        return bytes.rows();
    }

    @Override
    public int width() {
        return bytes.width();
    }

    @Override
    public void read(int row, float[] dst, int offset) {
        bytes.read(row, dst, offset);
        for (int i = offset, end = offset + bytes.width(); i < end; i++) {
            dst[i] /= 255f;
        }
    }

    @Override
    public void close() throws IOException {
        bytes.close();
    }
}
