package vae4j.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * New table rows for a trained model, one value at a time: the conversion {@code vae4j score --data new.csv} applies
 * to each field of a CSV row (a number parsed strictly, a level matched by its text or, for levels that are numbers,
 * by its value; a missing field filled with the training fill value when the model was trained with
 * {@code --missing mean}, an error otherwise), then the model's scaling and one-hot coding ({@link TableSpec#encode}).
 * For callers that hold rows in another form than a CSV file (e.g. a Spark DataFrame): the same field gives the same
 * float32 values.
 *
 * <pre>{@code
 * TableRowEncoder enc = TableRowEncoder.forModel((TableSpec) model.config().input(), recipe);
 * float[] raw = new float[enc.spec().rawWidth()];
 * raw[0] = enc.rawValue(0, "12.5", file, 3);        // column 0 of line 3
 * float[] x = new float[enc.spec().features()];      // [features], model space
 * enc.spec().encode(raw, 0, x, 0);
 * }</pre>
 */
public final class TableRowEncoder {
    private final TableFit fit;
    private final boolean fillMissing;
    private final List<Map<String, Integer>> codes;

    /**
     * @param fit         the model's columns with their scaling and fill values
     * @param fillMissing fill missing values with {@code fit}'s values; false: a missing value is an error
     */
    public TableRowEncoder(TableFit fit, boolean fillMissing) {
        this.fit = Objects.requireNonNull(fit, "fit");
        this.fillMissing = fillMissing;
        this.codes = new ArrayList<>();
        for (Column c : fit.spec().columns()) {
            codes.add(c.kind() == ColumnKind.NUMERIC ? null : CsvLevels.codes(c.levels()));
        }
    }

    /**
     * The encoder {@code vae4j score --data new.csv} uses for a model trained on {@code spec}: missing values are
     * filled when the model's data was read with {@code --missing mean} (then with its recorded fill values), errors
     * otherwise.
     *
     * @param recorded how the model's training data was read (its {@code DataRecipe}), or null
     */
    public static TableRowEncoder forModel(TableSpec spec, DataRecipe recorded) {
        boolean fill = recorded != null && recorded.csv().missing() == CsvOptions.Missing.MEAN;
        float[] values = fill && recorded.fill() != null ? recorded.fill() : new float[spec.rawWidth()];
        return new TableRowEncoder(new TableFit(spec, values), fill);
    }

    /** The model's columns. */
    public TableSpec spec() {
        return fit.spec();
    }

    /** True when missing values are filled rather than refused. */
    public boolean fillsMissing() {
        return fillMissing;
    }

    /** True for the texts a CSV reader treats as missing: empty, {@code NA}, {@code NaN}, {@code nan}, {@code ?}. */
    public static boolean isMissing(String text) {
        return text == null || CsvText.isMissing(text);
    }

    /**
     * The raw value of column {@code k} (its number, or its level's code) from a field's text, exactly as the CSV
     * reader of new data makes it.
     *
     * @param text   the field; null or a missing marker ({@link #isMissing}) is a missing value
     * @param source the file (or data set) named in errors
     * @param line   the line named in errors; 0 or less when there is none
     * @throws DataFormatException naming the source, line and column: not a number, an unknown level, a missing value
     */
    public float rawValue(int k, String text, Path source, long line) throws DataFormatException {
        Column c = fit.spec().columns().get(k);
        if (isMissing(text)) {
            if (!fillMissing) {
                throw DataFormatException.at(source, line, c.name(), "missing value");
            }
            return fit.fill()[k];
        }
        return CsvLevels.rawValue(source, line, c, codes.get(k), text);
    }

    /**
     * The raw value of column {@code k} from a number (a typed column, e.g. Parquet's double): {@code (float) value}
     * for a numeric column, as the CSV reader rounds the number it parses; for a binary or categorical column the
     * level with that numeric value. NaN is a missing value.
     *
     * @throws DataFormatException naming the source, line and column: an infinite number, no level with that value,
     *                             or a missing value the model does not fill
     */
    public float rawNumber(int k, double value, Path source, long line) throws DataFormatException {
        Column c = fit.spec().columns().get(k);
        if (Double.isNaN(value)) {
            return rawValue(k, null, source, line);
        }
        if (Double.isInfinite(value)) {
            throw DataFormatException.at(source, line, c.name(), "'" + value + "' is not a number");
        }
        if (c.kind() == ColumnKind.NUMERIC) {
            return (float) value;
        }
        return rawValue(k, Double.toString(value), source, line);
    }

    /**
     * Codes for the label values of new data, as the CSV reader of new data gives them: the position of each value in
     * the sorted distinct values (numbers in numeric order when every value is a number, else strings in
     * {@link String#compareTo} order).
     */
    public static List<String> labelOrder(Collection<String> values) {
        return CsvLevels.sorted(new java.util.HashSet<>(values));
    }
}
