package vae4j.data;

import java.util.Set;
import java.util.TreeSet;

/**
 * How to read a CSV file.
 *
 * @param labelColumn a column kept out of the features and used as the label (class), or null
 * @param categorical columns typed categorical whatever their values (numbers become level strings)
 * @param ignore      columns dropped
 * @param missing     what to do with missing values (empty, {@code NA}, {@code NaN}, {@code nan}, {@code ?})
 */
public record CsvOptions(String labelColumn, Set<String> categorical, Set<String> ignore, Missing missing) {
    /** What a missing value does. */
    public enum Missing {
        /** Stop with an error naming the line and column (the default). */
        ERROR,
        /** Fill with the training mean (numeric) or the most frequent training level (binary, categorical). */
        MEAN,
        /** Drop the row (the number dropped is reported). */
        DROP;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** No label, inferred types, every column, missing values are errors. */
    public static final CsvOptions DEFAULT = new CsvOptions(null, Set.of(), Set.of(), Missing.ERROR);

    public CsvOptions {
        categorical = categorical == null ? Set.of() : Set.copyOf(new TreeSet<>(categorical));
        ignore = ignore == null ? Set.of() : Set.copyOf(new TreeSet<>(ignore));
        missing = missing == null ? Missing.ERROR : missing;
        if (labelColumn != null && (ignore.contains(labelColumn) || categorical.contains(labelColumn))) {
            throw new IllegalArgumentException("the label column '" + labelColumn
                    + "' cannot also be ignored or forced categorical");
        }
        for (String c : categorical) {
            if (ignore.contains(c)) {
                throw new IllegalArgumentException("column '" + c + "' is both ignored and forced categorical");
            }
        }
    }

    public CsvOptions withLabel(String column) {
        return new CsvOptions(column, categorical, ignore, missing);
    }

    public CsvOptions withCategorical(Set<String> columns) {
        return new CsvOptions(labelColumn, columns, ignore, missing);
    }

    public CsvOptions withIgnore(Set<String> columns) {
        return new CsvOptions(labelColumn, categorical, columns, missing);
    }

    public CsvOptions withMissing(Missing m) {
        return new CsvOptions(labelColumn, categorical, ignore, m);
    }

    /** A stable text form (sorted sets), part of the cache key. */
    String key() {
        return "label=" + labelColumn + ";categorical=" + new TreeSet<>(categorical) + ";ignore="
                + new TreeSet<>(ignore) + ";missing=" + missing.id();
    }
}
