package vae4j.data;

import java.io.IOException;

/**
 * Byte rows (values 0..255) divided by 255 ({@link UnitBytes}): the same floats {@link ImageDataset} gives, so one image
 * has the same model-space values whichever source held it.
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
        UnitBytes.scaleInPlace(dst, offset, bytes.width());
    }

    @Override
    public void close() throws IOException {
        bytes.close();
    }
}
