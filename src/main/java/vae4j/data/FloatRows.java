package vae4j.data;

/** Rows held in one Java float array, row-major (at most 2^31 - 1 values: use a file-backed store beyond that). */
public final class FloatRows implements RowStore {
    private final float[] values;
    private final int width;

    /** @param values {@code rows * width} values, row after row */
    public FloatRows(float[] values, int width) {
        if (width < 1 || values.length % width != 0) {
            throw new IllegalArgumentException(values.length + " values are not whole rows of " + width);
        }
        this.values = values;
        this.width = width;
    }

    @Override
    public int rows() {
        return values.length / width;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public void read(int row, float[] dst, int offset) {
        System.arraycopy(values, row * width, dst, offset, width);
    }
}
