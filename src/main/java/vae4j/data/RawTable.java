package vae4j.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A table as read from its file, before any fitting: the raw schema (numeric columns unscaled: mean 0, std 1), the raw
 * rows (one float per column: the number, or the level code; {@code NaN} where a value was missing and
 * {@link CsvOptions.Missing#MEAN} was asked for), and the labels. {@link #fit} on the training rows, then
 * {@link #dataset} gives model-space rows.
 *
 * @param name       what the data is, e.g. {@code sales.csv}
 * @param file       the file read
 * @param schema     one raw column per raw value
 * @param rows       {@code [size, schema.size()]} raw values
 * @param labels     {@code [size]} codes into {@code classNames}, or null
 * @param classNames the label values in code order (sorted), possibly empty
 * @param dropped    rows dropped for missing values ({@link CsvOptions.Missing#DROP}); 0 otherwise
 * @param missing    missing values left as {@code NaN} to be filled ({@link CsvOptions.Missing#MEAN}); 0 otherwise
 * @param cached     true when the rows came from the binary cache, without parsing the source
 */
public record RawTable(String name, Path file, List<Column> schema, RowStore rows, int[] labels,
                       List<String> classNames, long dropped, long missing, boolean cached) implements AutoCloseable {
    public RawTable {
        Objects.requireNonNull(name, "name");
        schema = List.copyOf(schema);
        classNames = classNames == null ? List.of() : List.copyOf(classNames);
        if (rows.width() != schema.size()) {
            throw new IllegalArgumentException(name + ": rows hold " + rows.width() + " values for " + schema.size()
                    + " columns");
        }
        if (labels != null && labels.length != rows.rows()) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels for " + rows.rows() + " rows");
        }
    }

    public int size() {
        return rows.rows();
    }

    /** Fits the preprocessing on {@code trainRows} (see {@link TableFit#fit}). */
    public TableFit fit(int[] trainRows) {
        return TableFit.fit(rows, trainRows, schema);
    }

    /** Every row, in model space, as {@code fit} encodes it. */
    public RowDataset dataset(TableFit fit) {
        return fit.dataset(name, rows, labels, classNames);
    }

    @Override
    public void close() throws IOException {
        rows.close();
    }
}
