package vae4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * One entry point for data on disk, choosing the reader by what the path is:
 * <ul>
 *   <li>{@code .csv} / {@code .csv.gz} → {@link CsvSource} (a table);</li>
 *   <li>{@code .npy} → {@link NpySource} (a table or images);</li>
 *   <li>a folder with MNIST-named IDX files → {@link DatasetCatalogue#fromDirectory} (already split);</li>
 *   <li>a folder of images, or of class sub-folders of images → {@link ImageFolderSource}.</li>
 * </ul>
 * Sources that come unsplit are split by {@link SourceOptions#testFraction()} and {@link SourceOptions#seed()}
 * ({@link Splits}); a table's standardisation is fitted on the training rows only.
 */
public final class DataSources {
    private DataSources() {
    }

    /** Opens {@code path} as data (see the class comment). */
    public static LoadedData open(Path path, SourceOptions options) throws IOException {
        if (!Files.exists(path)) {
            throw new DatasetUnavailableException(path + ": no such file or folder");
        }
        if (Files.isDirectory(path)) {
            if (hasIdxFiles(path)) {
                DataSplits s = DatasetCatalogue.fromDirectory(path);
                return new LoadedData(null, s.train(), s.test(), s.source(), null, null);
            }
            if (ImageFolderSource.looksLikeImageFolder(path)) {
                ImageFolderSource.Result r = new ImageFolderSource(options.cacheDir()).read(path, options.images());
                requireTwo(path, r.data().size());
                return split(r.data(), r.source(), options);
            }
            throw new DataFormatException(path, "this folder holds neither MNIST-named IDX files"
                    + " (train-images-idx3-ubyte[.gz], ...) nor images (.png, .jpg, .jpeg, directly or in class"
                    + " sub-folders)");
        }
        String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (CsvSource.isCsv(path)) {
            RawTable t = new CsvSource(options.cacheDir()).read(path, options.csv());
            requireTwo(path, t.size());
            return table(t, describeCsv(t, options), options);
        }
        if (n.endsWith(".npy")) {
            NpySource.Loaded l = NpySource.open(path, options.npyLabels());
            requireTwo(path, l.table() != null ? l.table().size() : l.images().size());
            String labels = options.npyLabels() == null ? "" : ", labels from " + options.npyLabels().getFileName();
            if (l.table() != null) {
                RawTable t = l.table();
                return table(t, String.format(Locale.ROOT, "%s: %,d rows of %d numbers (float, read in place%s)",
                        path.toAbsolutePath(), t.size(), t.schema().size(), labels), options);
            }
            Dataset d = l.images();
            return split(d, String.format(Locale.ROOT, "%s: %,d images (%s, read in place%s)", path.toAbsolutePath(),
                    d.size(), d.spec(), labels), options);
        }
        throw new DataFormatException(path, "unsupported file type (expected .csv, .csv.gz or .npy, or a folder of"
                + " IDX files or images)");
    }

    private static void requireTwo(Path path, int n) throws DataFormatException {
        if (n < 2) {
            throw new DataFormatException(path, "only " + n + " example: a training and a test set need at least 2");
        }
    }

    /**
     * Reads data for a trained model whose input is {@code input}. When {@code path} is the data the model was trained
     * on ({@code recorded}'s path), it is read the same way: the same split, and a table with the model's own fitted
     * preprocessing. Any other file or folder is new data: checked against the model (a table's columns by name, its
     * levels known; images resized to the model's size), every example in both the training and the test view.
     *
     * @param recorded how the model's training data was read, or null
     * @param labels   a labels {@code .npy} for a new {@code .npy} file, or null
     */
    public static LoadedData forModel(Path path, DataRecipe recorded, InputSpec input, Path cacheDir, Path labels)
            throws IOException {
        if (!Files.exists(path)) {
            throw new DatasetUnavailableException(path + ": no such file or folder");
        }
        boolean same = recorded != null && recorded.path().equals(path.toAbsolutePath().normalize());
        Path labelFile = labels != null ? labels : same ? recorded.labels() : null;
        if (input instanceof TableSpec spec) {
            CsvOptions csv = recorded == null ? CsvOptions.DEFAULT : recorded.csv();
            float[] fill = recorded != null && recorded.fill() != null ? recorded.fill() : new float[spec.rawWidth()];
            TableFit fit = new TableFit(spec, fill);
            if (CsvSource.isCsv(path)) {
                if (same) {
                    RawTable t = new CsvSource(cacheDir).read(path, csv);
                    checkColumns(path, t.schema(), spec);
                    return recordedSplit(t.dataset(fit), recorded, path + ": the model's training data, read as it"
                            + " was for training");
                }
                RowDataset all = csv.missing() == CsvOptions.Missing.MEAN
                        ? CsvSource.readWithSchema(path, fit, csv.labelColumn(), List.of())
                        : CsvSource.readWithSchema(path, spec, csv.labelColumn());
                return whole(all, String.format(Locale.ROOT, "%s: %,d new rows checked against the model's %d"
                        + " columns", path.toAbsolutePath(), all.size(), spec.columns().size()));
            }
            if (path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
                NpySource.Loaded l = NpySource.open(path, labelFile);
                if (l.table() == null) {
                    throw new DataFormatException(path, "holds images, but the model takes " + spec.describe());
                }
                checkColumns(path, l.table().schema(), spec);
                Dataset all = l.table().dataset(fit);
                String source = String.format(Locale.ROOT, "%s: %,d rows of %d numbers", path.toAbsolutePath(),
                        all.size(), spec.columns().size());
                return same ? recordedSplit(all, recorded, source) : whole(all, source);
            }
            throw new DataFormatException(path, "the model takes " + spec.describe() + ": give a .csv, .csv.gz or"
                    + " .npy file");
        }
        ImageSpec img = (ImageSpec) input;
        SourceOptions o = (same ? recorded.sourceOptions(cacheDir) : SourceOptions.defaults(cacheDir))
                .withImages(new ImageFolderSource.Options(img.height(), img.width(), img.channels()))
                .withNpyLabels(labelFile);
        LoadedData d = open(path, o);
        if (d.all() == null) {
            return d;
        }
        return same && recorded.split() != null ? recordedSplit(d.all(), recorded, d.source())
                : whole(d.all(), d.source().replaceFirst("; split .*$", "") + "; all examples");
    }

    private static LoadedData whole(Dataset all, String source) {
        return new LoadedData(all, all, all, source, null, null);
    }

    private static LoadedData recordedSplit(Dataset all, DataRecipe recorded, String source) throws IOException {
        if (recorded.split() == null) {
            return whole(all, source);
        }
        if (all.size() != recorded.split().rows()) {
            throw new DataFormatException(recorded.path(), "holds " + all.size() + " examples but "
                    + recorded.split().rows() + " when the model was trained: the file changed");
        }
        Splits.Pair p = Splits.apply(all, recorded.split());
        return new LoadedData(all, p.train(), p.test(), source + "; " + describe(recorded.split()), recorded.split(),
                null);
    }

    /** The columns read must be the model's: same names, kinds and levels, in order. */
    private static void checkColumns(Path path, List<Column> found, TableSpec spec) throws DataFormatException {
        List<Column> want = spec.columns();
        for (int i = 0; i < Math.max(found.size(), want.size()); i++) {
            Column f = i < found.size() ? found.get(i) : null;
            Column w = i < want.size() ? want.get(i) : null;
            if (f == null || w == null || !f.name().equals(w.name()) || f.kind() != w.kind()
                    || !f.levels().equals(w.levels())) {
                throw new DataFormatException(path, "column " + (i + 1) + " is " + describe(f)
                        + " but the model was trained on " + describe(w));
            }
        }
    }

    private static String describe(Column c) {
        return c == null ? "nothing" : "'" + c.name() + "' (" + c.kind().id()
                + (c.levels().isEmpty() ? "" : " " + c.levels()) + ")";
    }

    /** True when {@code dir} holds a training image file with an MNIST name. */
    static boolean hasIdxFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .anyMatch(f -> f.equals("train-images-idx3-ubyte") || f.equals("train-images-idx3-ubyte.gz"));
        }
    }

    private static LoadedData split(Dataset all, String source, SourceOptions o) {
        Splits.Pair p = Splits.testFraction(all, o.testFraction(), o.seed());
        return new LoadedData(all, p.train(), p.test(), source + "; " + describe(p.spec()), p.spec(), null);
    }

    private static LoadedData table(RawTable t, String source, SourceOptions o) {
        SplitSpec spec = new SplitSpec(o.seed(), o.testFraction(), t.size());
        Splits.Indices ix = Splits.indices(spec);
        TableFit fit = t.fit(ix.train());
        Dataset all = t.dataset(fit);
        return new LoadedData(all, all.subset(all.name() + "/train", ix.train()),
                all.subset(all.name() + "/test", ix.test()), source + "; " + describe(spec)
                + " (standardisation fitted on the training rows)", spec, fit);
    }

    private static String describe(SplitSpec s) {
        return String.format(Locale.ROOT, "split %,d train / %,d test (test fraction %s, seed %d)", s.trainRows(),
                s.testRows(), s.fraction(), s.seed());
    }

    private static String describeCsv(RawTable t, SourceOptions o) {
        TableSpec spec = new TableSpec(t.schema());
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s: %,d rows, %s", t.file().toAbsolutePath(),
                t.size(), spec.describe()));
        if (o.csv().labelColumn() != null) {
            sb.append(", label '").append(o.csv().labelColumn()).append("' (").append(t.classNames().size())
                    .append(" classes)");
        }
        if (t.dropped() > 0) {
            sb.append(String.format(Locale.ROOT, "; %,d rows with missing values dropped", t.dropped()));
        }
        if (t.missing() > 0) {
            sb.append(String.format(Locale.ROOT, "; %,d missing values filled with training means/modes",
                    t.missing()));
        }
        sb.append(t.cached() ? "; rows from the cache in " : "; rows cached in ").append(o.cacheDir());
        return sb.toString();
    }

    /** File name endings {@link #open} reads. */
    public static final List<String> FILE_TYPES = List.of(".csv", ".csv.gz", ".npy");
}
