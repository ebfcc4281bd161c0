package vae4j.data;

/**
 * Unsigned bytes (0..255) to model space, {@code b / 255f}: the one mapping every byte-backed source uses (image
 * folders, IDX and uint8 NPY files, picture bytes), so one image has the same float32 values whichever source held it.
 * Looked up in a 256-entry table holding exactly {@code b / 255f} (about twice as fast as dividing per value here;
 * {@code b * (1f / 255f)} would miss by one ulp for about half the bytes).
 */
final class UnitBytes {
    private static final float[] VALUES = new float[256];

    static {
        for (int b = 0; b < 256; b++) {
            VALUES[b] = b / 255f;
        }
    }

    private UnitBytes() {
    }

    /** {@code dst[to + i] = src[from + i] / 255f} (unsigned) for {@code i < n}. */
    static void copy(byte[] src, int from, float[] dst, int to, int n) {
        float[] v = VALUES;
        for (int i = 0; i < n; i++) {
            dst[to + i] = v[src[from + i] & 0xff];
        }
    }

    /** Replaces each of {@code dst[from .. from + n)}, a whole number 0..255, by itself divided by 255. */
    static void scaleInPlace(float[] dst, int from, int n) {
        float[] v = VALUES;
        for (int i = from, end = from + n; i < end; i++) {
            dst[i] = v[(int) dst[i]];
        }
    }
}
