package vae4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;
import vae4j.data.CsvOptions;
import vae4j.data.DataRecipe;
import vae4j.data.DataSources;
import vae4j.data.DataSplits;
import vae4j.data.DatasetCatalogue;
import vae4j.data.Downloader;
import vae4j.data.ImageFolderSource;
import vae4j.data.InputSpec;
import vae4j.data.LoadedData;
import vae4j.data.SourceOptions;

/**
 * Where data comes from: {@code --dataset NAME} from the catalogue or {@code --data PATH} (a CSV or NumPy file, an
 * image folder, a folder of IDX files), how to read it, and subset limits.
 */
final class DataOptions {
    @Option(names = "--dataset", paramLabel = "NAME",
            description = "mnist, fashion-mnist or mnist-10k (cached under $VAE4J_HOME, downloaded and verified if"
                    + " missing)")
    String dataset;

    @Option(names = "--data", paramLabel = "PATH",
            description = "your data: a .csv or .csv.gz table (header row), a .npy array ([n, d] table, [n, h, w] or"
                    + " [n, c, h, w] images), a folder of PNG/JPEG images (one sub-folder per class), or a folder"
                    + " with MNIST-named IDX files")
    Path dataDir;

    @Option(names = "--label-column", paramLabel = "NAME",
            description = "CSV: the column holding each row's class (kept out of the features; colours and metrics)")
    String labelColumn;

    @Option(names = "--categorical", split = ",", paramLabel = "COL[,COL...]",
            description = "CSV: columns to treat as categorical whatever their values")
    List<String> categorical;

    @Option(names = "--ignore-columns", split = ",", paramLabel = "COL[,COL...]", description = "CSV: columns to drop")
    List<String> ignoreColumns;

    @Option(names = "--missing", paramLabel = "error|mean|drop", description = "CSV: a missing value is an error"
            + " (default), filled with the training mean or most frequent level, or drops its row")
    String missing;

    @Option(names = "--image-size", paramLabel = "HxW",
            description = "image folders: resize every image to HxW (default: their common size)")
    String imageSize;

    @Option(names = "--channels", paramLabel = "1|3",
            description = "image folders: 1 (grey) or 3 (RGB) (default: as the first image)")
    Integer channels;

    @Option(names = "--labels", paramLabel = "FILE.npy", description = ".npy data: a 1-D integer array of labels")
    Path labels;

    @Option(names = "--test-fraction", paramLabel = "F",
            description = "data without a test split: hold out this share of the examples, seeded (default: 0.1)")
    Double testFraction;

    @Option(names = "--split-seed", paramLabel = "N", description = "seed of that split (default: 1)")
    Long splitSeed;

    @Option(names = "--offline", description = "never download; use files already present")
    boolean offline;

    @Option(names = "--limit-train", paramLabel = "N", description = "use only the first N training images")
    Integer limitTrain;

    @Option(names = "--limit-test", paramLabel = "N", description = "use only the first N test images")
    Integer limitTest;

    boolean given() {
        return dataset != null || dataDir != null;
    }

    /** The folder these options read data from (--data, or the catalogue's cache of --dataset), for OutputGuard. */
    OutputGuard.Input input() {
        if (dataDir != null) {
            return new OutputGuard.Input("the data folder", OutputGuard.nonBlank("--data", dataDir));
        }
        if (dataset != null) {
            return new OutputGuard.Input("the cached data set " + dataset,
                    DatasetCatalogue.defaultHome().resolve("datasets").resolve(dataset));
        }
        return null;
    }

    /** Loads what the options name; {@code fallbackName} is used when neither --dataset nor --data is given. */
    DataSplits load(PrintWriter log, String fallbackName) throws IOException {
        if (dataset != null && dataDir != null) {
            throw new IllegalArgumentException("give either --dataset or --data, not both");
        }
        DataSplits s;
        if (dataDir != null) {
            s = vae4j.Vae4j.dataset(dataDir, sourceOptions());
        } else {
            if (readingOptionsGiven()) {
                throw new IllegalArgumentException("the options for reading files (--label-column, --image-size, ...)"
                        + " apply to --data, not to catalogue data sets");
            }
            String name = dataset != null ? dataset : fallbackName;
            if (name == null) {
                throw new IllegalArgumentException("no data: pass --dataset NAME or --data DIR");
            }
            s = catalogue(log, offline).load(name);
        }
        return limit(s);
    }

    /** Data for a trained model: {@code --data} read as the model needs it (see {@link DataSources#forModel}). */
    DataSplits loadFor(InputSpec input, DataRecipe recorded, PrintWriter log) throws IOException {
        if (dataDir == null) {
            return load(log, null);
        }
        if (readingOptionsGiven() && labels == null) {
            throw new IllegalArgumentException("a trained model reads data with the options it was trained with;"
                    + " only --labels applies here");
        }
        LoadedData d = DataSources.forModel(dataDir, recorded, input, cacheDir(), labels);
        return limit(new DataSplits(dataDir.toAbsolutePath().normalize().toString(), d.train(), d.test(),
                d.source(), recorded));
    }

    private boolean readingOptionsGiven() {
        return labelColumn != null || categorical != null || ignoreColumns != null || missing != null
                || imageSize != null || channels != null || labels != null || testFraction != null
                || splitSeed != null;
    }

    /** How {@code --data} is read. */
    SourceOptions sourceOptions() {
        CsvOptions.Missing m = missing == null ? CsvOptions.Missing.ERROR
                : vae4j.model.EnumNames.parse(CsvOptions.Missing.class, missing, "--missing");
        CsvOptions csv = new CsvOptions(labelColumn, categorical == null ? Set.of() : Set.copyOf(categorical),
                ignoreColumns == null ? Set.of() : Set.copyOf(ignoreColumns), m);
        return SourceOptions.defaults(cacheDir()).withCsv(csv)
                .withImages(ImageFolderSource.Options.parse(imageSize, channels == null ? 0 : channels))
                .withNpyLabels(labels)
                .withSplit(testFraction == null ? SourceOptions.DEFAULT_TEST_FRACTION : testFraction,
                        splitSeed == null ? 1 : splitSeed);
    }

    /** Where CSV row caches and large image caches go: {@code $VAE4J_HOME/cache}. */
    static Path cacheDir() {
        return DatasetCatalogue.defaultHome().resolve("cache");
    }

    DataSplits limit(DataSplits s) {
        if (limitTrain != null && limitTrain < 1 || limitTest != null && limitTest < 1) {
            throw new IllegalArgumentException("--limit-train and --limit-test must be >= 1");
        }
        return s.limit(limitTrain == null ? Integer.MAX_VALUE : limitTrain,
                limitTest == null ? Integer.MAX_VALUE : limitTest);
    }

    static DatasetCatalogue catalogue(PrintWriter log, boolean offline) {
        return new DatasetCatalogue(DatasetCatalogue.defaultHome(),
                new Downloader(Duration.ofSeconds(10), Duration.ofMinutes(10)), !offline, m -> {
                    log.println(m);
                    log.flush();
                });
    }
}
