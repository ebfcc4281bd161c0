package vae4j.data;

import java.util.List;
import java.util.Objects;

/**
 * One table column as a model sees it, with the preprocessing fitted on the training split.
 *
 * @param name   the header name
 * @param kind   numeric, binary or categorical
 * @param levels the values of a binary (2) or categorical (>= 2) column, in code order; empty for numeric
 * @param mean   numeric: the training mean subtracted before the model sees the value (0 otherwise)
 * @param std    numeric: the training standard deviation the value is divided by (> 0; 1 otherwise)
 */
public record Column(String name, ColumnKind kind, List<String> levels, double mean, double std) {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        levels = levels == null ? List.of() : List.copyOf(levels);
        if (kind == ColumnKind.NUMERIC && !levels.isEmpty()) {
            throw new IllegalArgumentException("numeric column '" + name + "' cannot have levels");
        }
        if (kind == ColumnKind.BINARY && levels.size() != 2) {
            throw new IllegalArgumentException("binary column '" + name + "' needs 2 levels, got " + levels);
        }
        if (kind == ColumnKind.CATEGORICAL && levels.size() < 2) {
            throw new IllegalArgumentException("categorical column '" + name + "' needs >= 2 levels, got " + levels);
        }
        if (!Double.isFinite(mean) || !(std > 0) || !Double.isFinite(std)) {
            throw new IllegalArgumentException("column '" + name + "': mean must be finite and std > 0, got " + mean
                    + ", " + std);
        }
    }

    /** A numeric column with its fitted scaling. */
    public static Column numeric(String name, double mean, double std) {
        return new Column(name, ColumnKind.NUMERIC, List.of(), mean, std);
    }

    /** A binary or categorical column (by the number of levels). */
    public static Column coded(String name, List<String> levels, boolean categorical) {
        return new Column(name, categorical ? ColumnKind.CATEGORICAL : ColumnKind.BINARY, levels, 0, 1);
    }

    /** Values this column takes in model space: 1, or the number of levels for categorical columns. */
    public int width() {
        return kind == ColumnKind.CATEGORICAL ? levels.size() : 1;
    }

    /** The code of a level, or -1 if the column does not know it. */
    public int code(String level) {
        return levels.indexOf(level);
    }
}
