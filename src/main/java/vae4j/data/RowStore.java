package vae4j.data;

import java.io.IOException;

/**
 * Fixed-width rows of raw float values, read by index: the storage under a {@link Dataset}. Implementations hold the
 * rows in memory or read them from a file on demand (data larger than memory).
 */
public interface RowStore extends AutoCloseable {
    /** Number of rows. */
    int rows();

    /** Raw values per row. */
    int width();

    /**
     * Copies row {@code row} into {@code dst[offset .. offset + width())}.
     *
     * @throws java.io.UncheckedIOException if a file-backed store cannot be read
     */
    void read(int row, float[] dst, int offset);

    @Override
    default void close() throws IOException {
    }
}
