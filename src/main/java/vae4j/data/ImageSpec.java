package vae4j.data;

/**
 * Images of {@code channels x height x width}; values in [0, 1], row-major {@code [c, h, w]} per example.
 *
 * @param channels 1 (grey) or 3 (RGB)
 * @param height   rows
 * @param width    columns
 */
public record ImageSpec(int channels, int height, int width) implements InputSpec {
    /** Largest side accepted, a guard against headers and options that would need absurd memory. */
    public static final int MAX_SIDE = 4096;

    public ImageSpec {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("images must have 1 or 3 channels, got " + channels);
        }
        if (height < 1 || width < 1 || height > MAX_SIDE || width > MAX_SIDE) {
            throw new IllegalArgumentException("image sides must be in 1.." + MAX_SIDE + ", got " + height + "x"
                    + width);
        }
    }

    @Override
    public int features() {
        return channels * height * width;
    }

    @Override
    public String describe() {
        return channels + "x" + height + "x" + width + " images";
    }

    @Override
    public long[] batchShape(long n) {
        return new long[] {n, channels, height, width};
    }

    /** {@code HxW} or {@code CxHxW} as users write it. */
    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
