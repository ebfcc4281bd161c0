package vae4j.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How {@link DataSources#open} reads a path.
 *
 * @param cacheDir     where CSV row caches and large image caches go (the CLI: {@code $VAE4J_HOME/cache})
 * @param csv          CSV typing, label and missing-value options
 * @param images       image-folder size and channels
 * @param npyLabels    a 1-D integer {@code .npy} of labels for a {@code .npy} data file, or null
 * @param testFraction share of the examples held out as the test set when the source is not split already
 * @param seed         seed of that split
 */
public record SourceOptions(Path cacheDir, CsvOptions csv, ImageFolderSource.Options images, Path npyLabels,
                            double testFraction, long seed) {
    /** Test fraction when none is given. */
    public static final double DEFAULT_TEST_FRACTION = 0.1;

    public SourceOptions {
        Objects.requireNonNull(cacheDir, "cacheDir");
        csv = csv == null ? CsvOptions.DEFAULT : csv;
        images = images == null ? ImageFolderSource.Options.AUTO : images;
        if (!(testFraction > 0 && testFraction <= 0.9)) {
            throw new IllegalArgumentException("test fraction must be in (0, 0.9], got " + testFraction);
        }
    }

    /** Defaults: inferred CSV types, automatic image size, 10% test, seed 0. */
    public static SourceOptions defaults(Path cacheDir) {
        return new SourceOptions(cacheDir, CsvOptions.DEFAULT, ImageFolderSource.Options.AUTO, null,
                DEFAULT_TEST_FRACTION, 0);
    }

    public SourceOptions withCsv(CsvOptions o) {
        return new SourceOptions(cacheDir, o, images, npyLabels, testFraction, seed);
    }

    public SourceOptions withImages(ImageFolderSource.Options o) {
        return new SourceOptions(cacheDir, csv, o, npyLabels, testFraction, seed);
    }

    public SourceOptions withNpyLabels(Path labels) {
        return new SourceOptions(cacheDir, csv, images, labels, testFraction, seed);
    }

    public SourceOptions withSplit(double fraction, long splitSeed) {
        return new SourceOptions(cacheDir, csv, images, npyLabels, fraction, splitSeed);
    }
}
