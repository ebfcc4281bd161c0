package vae4j.data;

import java.util.Arrays;
import java.util.Random;

/** Seeded train/test splits of one data set (see {@link SplitSpec}). */
public final class Splits {
    private Splits() {
    }

    /**
     * Row indices of the two sides of a split, each in increasing order.
     *
     * @param train {@code [spec.trainRows()]}
     * @param test  {@code [spec.testRows()]}
     */
    public record Indices(int[] train, int[] test) {
    }

    /**
     * The two sides as views of the data set ({@link Dataset#subset}).
     *
     * @param train named {@code <name>/train}
     * @param test  named {@code <name>/test}
     * @param spec  what recreates the split
     */
    public record Pair(Dataset train, Dataset test, SplitSpec spec) {
    }

    /** The indices {@code spec} denotes: a seeded Fisher-Yates shuffle of 0..rows-1, test rows first. */
    public static Indices indices(SplitSpec spec) {
        int n = spec.rows();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(spec.seed());
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int nTest = spec.testRows();
        int[] test = Arrays.copyOfRange(order, 0, nTest);
        int[] train = Arrays.copyOfRange(order, nTest, n);
        Arrays.sort(test);
        Arrays.sort(train);
        return new Indices(train, test);
    }

    /** Holds out {@code fraction} of {@code all}'s rows, chosen by {@code seed}. */
    public static Pair testFraction(Dataset all, double fraction, long seed) {
        return apply(all, new SplitSpec(seed, fraction, all.size()));
    }

    /** Recreates a recorded split; the data set must have the recorded number of rows. */
    public static Pair apply(Dataset all, SplitSpec spec) {
        if (all.size() != spec.rows()) {
            throw new IllegalArgumentException(all.name() + " has " + all.size() + " rows but the split was made"
                    + " over " + spec.rows());
        }
        Indices ix = indices(spec);
        return new Pair(all.subset(all.name() + "/train", ix.train()), all.subset(all.name() + "/test", ix.test()),
                spec);
    }
}
