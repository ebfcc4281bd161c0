package vae4j.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a data file or folder was read for training, so that every later command (resume, encode, evaluate, plot) reads
 * it again the same way: the path, the CSV and image options, the labels file, the train/test split and a table's
 * fill values for missing entries. Stored in the model folder as plain strings ({@link #toOptions()}).
 *
 * @param path   the file or folder, absolute
 * @param csv    CSV typing, label and missing-value options
 * @param images image-folder size and channels
 * @param labels a labels {@code .npy} for a {@code .npy} data file, or null
 * @param split  the split made from the source, or null when the source came split (IDX folders)
 * @param fill   a table's fill values for missing entries (one per column), or null
 */
public record DataRecipe(Path path, CsvOptions csv, ImageFolderSource.Options images, Path labels, SplitSpec split,
                         float[] fill) {
    public DataRecipe {
        path = path.toAbsolutePath().normalize();
        csv = csv == null ? CsvOptions.DEFAULT : csv;
        images = images == null ? ImageFolderSource.Options.AUTO : images;
        labels = labels == null ? null : labels.toAbsolutePath().normalize();
        fill = fill == null ? null : fill.clone();
    }

    /** The recipe for what {@link DataSources#open} returned. */
    public static DataRecipe of(Path path, SourceOptions options, LoadedData loaded) {
        return new DataRecipe(path, options.csv(), options.images(), options.npyLabels(), loaded.split(),
                loaded.fit() == null ? null : loaded.fit().fill());
    }

    /** The same reading options as {@link SourceOptions} (split and cache directory as given). */
    public SourceOptions sourceOptions(Path cacheDir) {
        SourceOptions o = SourceOptions.defaults(cacheDir).withCsv(csv).withImages(images).withNpyLabels(labels);
        return split == null ? o : o.withSplit(split.fraction(), split.seed());
    }

    /** As strings, for the model folder's {@code config.json}. */
    public Map<String, String> toOptions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("path", path.toString());
        if (csv.labelColumn() != null) {
            m.put("label_column", csv.labelColumn());
        }
        if (!csv.categorical().isEmpty()) {
            m.put("categorical", String.join(",", new TreeSet<>(csv.categorical())));
        }
        if (!csv.ignore().isEmpty()) {
            m.put("ignore_columns", String.join(",", new TreeSet<>(csv.ignore())));
        }
        m.put("missing", csv.missing().id());
        if (images.height() > 0) {
            m.put("image_size", images.height() + "x" + images.width());
        }
        if (images.channels() > 0) {
            m.put("channels", Integer.toString(images.channels()));
        }
        if (labels != null) {
            m.put("labels", labels.toString());
        }
        if (split != null) {
            m.put("split_seed", Long.toString(split.seed()));
            m.put("test_fraction", Double.toString(split.fraction()));
            m.put("split_rows", Integer.toString(split.rows()));
        }
        if (fill != null) {
            StringBuilder sb = new StringBuilder();
            for (float f : fill) {
                sb.append(sb.length() == 0 ? "" : ",").append(f);
            }
            m.put("fill", sb.toString());
        }
        return m;
    }

    /**
     * Reads what {@link #toOptions()} wrote; null if {@code options} has no path (catalogue data, or a model written
     * before recipes were recorded).
     *
     * @throws IllegalArgumentException naming the field if a value is malformed
     */
    public static DataRecipe fromOptions(Map<String, String> options) {
        String p = options.get("path");
        if (p == null) {
            return null;
        }
        try {
            CsvOptions csv = new CsvOptions(options.get("label_column"), set(options.get("categorical")),
                    set(options.get("ignore_columns")), CsvOptions.Missing.valueOf(options.getOrDefault("missing",
                    "error").toUpperCase(Locale.ROOT)));
            ImageFolderSource.Options images = ImageFolderSource.Options.parse(options.get("image_size"),
                    Integer.parseInt(options.getOrDefault("channels", "0")));
            SplitSpec split = options.containsKey("split_seed") ? new SplitSpec(Long.parseLong(options.get(
                    "split_seed")), Double.parseDouble(options.get("test_fraction")),
                    Integer.parseInt(options.get("split_rows"))) : null;
            float[] fill = null;
            if (options.containsKey("fill")) {
                String[] parts = options.get("fill").split(",");
                fill = new float[parts.length];
                for (int i = 0; i < parts.length; i++) {
                    fill[i] = Float.parseFloat(parts[i]);
                }
            }
            String labels = options.get("labels");
            return new DataRecipe(Path.of(p), csv, images, labels == null ? null : Path.of(labels), split, fill);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("dataset.options: " + e.getMessage(), e);
        }
    }

    private static Set<String> set(String commaList) {
        return commaList == null || commaList.isBlank() ? Set.of()
                : new TreeSet<>(Arrays.asList(commaList.split(",")));
    }

    /** Columns as the model's spec names them, for messages. */
    static String names(List<Column> cols) {
        return String.join(", ", cols.stream().map(Column::name).toList());
    }
}
