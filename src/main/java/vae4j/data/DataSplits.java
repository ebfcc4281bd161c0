package vae4j.data;

/**
 * A training and a test set of one data set, and where it came from.
 *
 * @param name   catalogue name, folder or file, e.g. {@code mnist} or {@code /data/sales.csv}
 * @param source a sentence for the user: which files, from where
 * @param recipe how a file or folder was read (to read it again the same way), or null for catalogue data
 */
public record DataSplits(String name, Dataset train, Dataset test, String source, DataRecipe recipe) {
    /** Catalogue or IDX data, read the standard way. */
    public DataSplits(String name, Dataset train, Dataset test, String source) {
        this(name, train, test, source, null);
    }

    public DataSplits {
        if (!train.spec().equals(test.spec())) {
            throw new IllegalArgumentException(name + ": the training set holds " + train.spec().describe()
                    + " but the test set " + test.spec().describe());
        }
    }

    /** The shape and encoding of one example (the same in both splits). */
    public InputSpec spec() {
        return train.spec();
    }

    /** The split by name: {@code train} or {@code test}. */
    public Dataset split(String split) {
        return switch (split) {
            case "train" -> train;
            case "test" -> test;
            default -> throw new IllegalArgumentException("unknown split '" + split + "' (expected train or test)");
        };
    }

    /** Keeps at most {@code nTrain} and {@code nTest} examples (for quick runs and tests). */
    public DataSplits limit(int nTrain, int nTest) {
        return new DataSplits(name, train.head(nTrain), test.head(nTest), source, recipe);
    }

    /** SHA-256 of both splits' fingerprints. */
    public String sha256() {
        return Hashing.sha256Hex((train.fingerprint() + test.fingerprint())
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
