package vae4j.data;

import java.util.List;

/**
 * Examples read by index: what training, evaluation, encoding and pictures consume. An example is
 * {@code spec().features()} float32 values in model space (see {@link InputSpec}); a batch of {@code n} examples has
 * the shape {@code spec().batchShape(n)}.
 *
 * <p>Implementations may be backed by memory or by a file (data larger than memory); {@link #read} must be safe to call
 * from one thread at a time.
 */
public interface Dataset {
    /** What the data is, e.g. {@code fashion-mnist/train} or {@code sales.csv/test}. */
    String name();

    /** Number of examples. */
    int size();

    /** The shape and encoding of one example. */
    InputSpec spec();

    /**
     * Reads the examples {@code rows} into {@code dst}: example {@code rows[i]} goes to
     * {@code dst[i * f .. (i + 1) * f)} with {@code f = spec().features()}.
     */
    void read(int[] rows, float[] dst);

    /** Reads {@code count} consecutive examples from {@code from}. */
    default void read(int from, int count, float[] dst) {
        int[] rows = new int[count];
        for (int i = 0; i < count; i++) {
            rows[i] = from + i;
        }
        read(rows, dst);
    }

    /** One label per example ({@code [size]}, values indexing {@link #classNames()} when it is not empty), or null. */
    int[] labels();

    default boolean hasLabels() {
        return labels() != null;
    }

    /** Names of the labels, possibly empty. */
    List<String> classNames();

    /** SHA-256 (hex) over the spec, the examples and the labels: the same data gives the same fingerprint. */
    String fingerprint();

    /**
     * True if every example is in memory, so reading a batch costs no I/O (a loader then need not read ahead in a
     * background thread, which on a small machine would only compete with the compute threads).
     */
    default boolean inMemory() {
        return false;
    }

    /** The examples at {@code rows}, in that order, as a view. */
    default Dataset subset(String name, int[] rows) {
        return new SubsetDataset(name, this, rows);
    }

    /** The first {@code n} examples (this one if it has no more). */
    default Dataset head(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("subset size must be >= 1, got " + n);
        }
        if (n >= size()) {
            return this;
        }
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return subset(name() + "[:" + n + "]", rows);
    }
}
