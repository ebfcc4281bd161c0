package vae4j.data;

/**
 * A training and a test set of one data set, and where it came from.
 *
 * @param name   catalogue name or directory, e.g. {@code mnist}
 * @param source a sentence for the user: which files, from where
 */
public record DataSplits(String name, ImageDataset train, ImageDataset test, String source) {
    public DataSplits {
        if (train.channels() != test.channels() || train.height() != test.height()
                || train.width() != test.width()) {
            throw new IllegalArgumentException(name + ": train images are " + train.height() + "x" + train.width()
                    + " but test images are " + test.height() + "x" + test.width());
        }
    }

    /** The split by name: {@code train} or {@code test}. */
    public ImageDataset split(String split) {
        return switch (split) {
            case "train" -> train;
            case "test" -> test;
            default -> throw new IllegalArgumentException("unknown split '" + split + "' (expected train or test)");
        };
    }

    /** Keeps at most {@code nTrain} and {@code nTest} images (for quick runs and tests). */
    public DataSplits limit(int nTrain, int nTest) {
        return new DataSplits(name, train.head(nTrain), test.head(nTest), source);
    }

    /** SHA-256 of both splits' contents. */
    public String sha256() {
        return Hashing.sha256Hex((train.sha256() + test.sha256()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
