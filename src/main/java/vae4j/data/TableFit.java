package vae4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The preprocessing of a table fitted on the training rows: the {@link TableSpec} with each numeric column's mean and
 * standard deviation, and one fill value per column for missing raw values ({@code NaN} in a raw row, left there by
 * {@link CsvOptions.Missing#MEAN}): the training mean of a numeric column, the code of the most frequent level of a
 * binary or categorical column. Both belong in the model folder: new rows must be encoded the same way.
 *
 * @param spec the fitted table ({@code columns.size()} raw values per row)
 * @param fill {@code [columns]} raw fill values
 */
public record TableFit(TableSpec spec, float[] fill) {
    public TableFit {
        Objects.requireNonNull(spec, "spec");
        fill = fill.clone();
        if (fill.length != spec.rawWidth()) {
            throw new IllegalArgumentException(fill.length + " fill values for " + spec.rawWidth() + " columns");
        }
    }

    /**
     * Fits means, standard deviations (population, i.e. divided by n; 0 becomes 1) and fill values on the raw rows
     * {@code trainRows} of {@code raw}, ignoring missing ({@code NaN}) values.
     *
     * @param schema the raw columns (their mean/std are ignored), one per raw value
     */
    public static TableFit fit(RowStore raw, int[] trainRows, List<Column> schema) {
        int w = schema.size();
        if (raw.width() != w) {
            throw new IllegalArgumentException("rows hold " + raw.width() + " values but the schema has " + w
                    + " columns");
        }
        long[] count = new long[w];
        double[] mean = new double[w];
        double[] m2 = new double[w];
        long[][] levelCounts = new long[w][];
        for (int j = 0; j < w; j++) {
            if (schema.get(j).kind() != ColumnKind.NUMERIC) {
                levelCounts[j] = new long[schema.get(j).levels().size()];
            }
        }
        float[] row = new float[w];
        for (int r : trainRows) {
            raw.read(r, row, 0);
            for (int j = 0; j < w; j++) {
                float v = row[j];
                if (Float.isNaN(v)) {
                    continue;
                }
                if (levelCounts[j] != null) {
                    levelCounts[j][(int) v]++;
                } else {
                    long n = ++count[j];
                    double d = v - mean[j];
                    mean[j] += d / n;
                    m2[j] += d * (v - mean[j]);
                }
            }
        }
        List<Column> fitted = new ArrayList<>(w);
        float[] fill = new float[w];
        for (int j = 0; j < w; j++) {
            Column c = schema.get(j);
            if (levelCounts[j] == null) {
                double std = count[j] > 0 ? Math.sqrt(m2[j] / count[j]) : 0;
                if (!(std > 0) || !Double.isFinite(std)) {
                    std = 1;
                }
                double m = Double.isFinite(mean[j]) ? mean[j] : 0;
                fitted.add(Column.numeric(c.name(), m, std));
                fill[j] = (float) m;
            } else {
                int best = 0;
                for (int k = 1; k < levelCounts[j].length; k++) {
                    if (levelCounts[j][k] > levelCounts[j][best]) {
                        best = k;
                    }
                }
                fitted.add(c);
                fill[j] = best;
            }
        }
        return new TableFit(new TableSpec(fitted), fill);
    }

    /** Every row index {@code 0 .. n-1}: fitting on all rows. */
    public static int[] allRows(int n) {
        int[] r = new int[n];
        Arrays.setAll(r, i -> i);
        return r;
    }

    /** {@code raw} with each missing ({@code NaN}) value replaced by its column's fill value, as a view. */
    public RowStore filled(RowStore raw) {
        return new Filled(raw, fill);
    }

    /** A model-space data set: {@code raw} filled and encoded by {@link #spec}. */
    public RowDataset dataset(String name, RowStore raw, int[] labels, List<String> classNames) {
        return new RowDataset(name, spec, filled(raw), 1f, labels, classNames);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableFit t && t.spec.equals(spec) && Arrays.equals(t.fill, fill);
    }

    @Override
    public int hashCode() {
        return 31 * spec.hashCode() + Arrays.hashCode(fill);
    }

    @Override
    public String toString() {
        return "TableFit[" + spec + ", fill=" + Arrays.toString(fill) + "]";
    }

    private record Filled(RowStore raw, float[] fill) implements RowStore {
        @Override
        public int rows() {
            return raw.rows();
        }

        @Override
        public int width() {
            return raw.width();
        }

        @Override
        public void read(int row, float[] dst, int offset) {
            raw.read(row, dst, offset);
            for (int j = 0; j < fill.length; j++) {
                if (Float.isNaN(dst[offset + j])) {
                    dst[offset + j] = fill[j];
                }
            }
        }

        @Override
        public void close() throws java.io.IOException {
            raw.close();
        }
    }
}
