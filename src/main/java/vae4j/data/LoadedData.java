package vae4j.data;

import java.util.Objects;

/**
 * What {@link DataSources#open} found: the examples, split into training and test sets, in model space.
 *
 * @param all    every example (for a table: encoded with the preprocessing fitted on {@code train}); null when the
 *               source came split (IDX folders)
 * @param train  the training examples
 * @param test   the test examples
 * @param source a sentence for the user: what was read, from where, how it was split
 * @param split  what recreates the split from {@code all} (store it with the model); null when the source came split
 * @param fit    a table's preprocessing, fitted on the training rows (store it with the model); null for images
 */
public record LoadedData(Dataset all, Dataset train, Dataset test, String source, SplitSpec split, TableFit fit) {
    public LoadedData {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(source, "source");
        if (!train.spec().equals(test.spec())) {
            throw new IllegalArgumentException("train is " + train.spec().describe() + " but test is "
                    + test.spec().describe());
        }
    }

    /** The split by name: {@code train} or {@code test} (or {@code all} when there is one). */
    public Dataset split(String name) {
        return switch (name) {
            case "train" -> train;
            case "test" -> test;
            case "all" -> {
                if (all == null) {
                    throw new IllegalArgumentException("this source came split: use train or test");
                }
                yield all;
            }
            default -> throw new IllegalArgumentException("unknown split '" + name + "' (expected train or test)");
        };
    }
}
