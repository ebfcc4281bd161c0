package vae4j.data;

/**
 * A random train/test split, recorded by what recreates it: shuffling row indices {@code 0 .. rows-1} with
 * {@code java.util.Random(seed)} (whose sequence the JDK specifies, so every JVM gives the same split), the first
 * {@code round(rows * fraction)} (at least 1, at most rows - 1) being the test rows. Store it in the model folder to
 * get the same test set back.
 *
 * @param seed     the shuffle's seed
 * @param fraction the share of rows held out, in (0, 0.9]
 * @param rows     how many rows were split (a check that the data is the same size)
 */
public record SplitSpec(long seed, double fraction, int rows) {
    public SplitSpec {
        if (!(fraction > 0 && fraction <= 0.9)) {
            throw new IllegalArgumentException("test fraction must be in (0, 0.9], got " + fraction);
        }
        if (rows < 2) {
            throw new IllegalArgumentException("a split needs at least 2 rows, got " + rows);
        }
    }

    /** Number of test rows. */
    public int testRows() {
        return (int) Math.max(1, Math.min(rows - 1, Math.round(rows * fraction)));
    }

    /** Number of training rows. */
    public int trainRows() {
        return rows - testRows();
    }
}
