package vae4j.data;

import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * New rows for a trained model, read strictly against its stored columns: columns matched by name (extra ones
 * ignored), numbers parsed strictly, levels must be known; rows held in memory. Used through
 * {@link CsvSource#readWithSchema}.
 */
final class CsvSchemaReader {
    private CsvSchemaReader() {
    }

    /** @param fillMissing fill missing values with {@code fit}'s values; false: a missing value is an error */
    static RowDataset read(Path csv, TableFit fit, String labelColumn, List<String> classNames, boolean fillMissing)
            throws IOException {
        TableSpec stored = fit.spec();
        try (CsvText text = CsvText.read(csv)) {
            List<String> header = text.header();
            Map<String, Integer> index = text.index();
            int w = stored.rawWidth();
            int[] at = new int[w];
            List<Map<String, Integer>> codes = new ArrayList<>();
            for (int k = 0; k < w; k++) {
                Column c = stored.columns().get(k);
                Integer i = index.get(c.name());
                if (i == null) {
                    throw new DataFormatException(csv, "no column '" + c.name() + "' (the model was trained on "
                            + String.join(", ", stored.columns().stream().map(Column::name).toList())
                            + "; this file has " + String.join(", ", header) + ")");
                }
                at[k] = i;
                codes.add(c.kind() == ColumnKind.NUMERIC ? null : CsvLevels.codes(c.levels()));
            }
            int labelIndex = labelColumn == null ? -1 : index.getOrDefault(labelColumn, -1);
            Map<String, Integer> labelCodes = classNames.isEmpty() ? new HashMap<>() : CsvLevels.codes(classNames);
            List<String> labelText = new ArrayList<>();
            FloatArray values = new FloatArray();
            float[] row = new float[w];
            while (text.hasNext()) {
                CSVRecord rec = text.nextRow();
                long line = text.line();
                for (int k = 0; k < w; k++) {
                    String v = rec.get(at[k]);
                    Column c = stored.columns().get(k);
                    if (CsvText.isMissing(v)) {
                        if (!fillMissing) {
                            throw DataFormatException.at(csv, line, c.name(), "missing value");
                        }
                        row[k] = fit.fill()[k];
                    } else {
                        row[k] = CsvLevels.rawValue(csv, line, c, codes.get(k), v);
                    }
                }
                values.add(row);
                if (labelIndex >= 0) {
                    String v = rec.get(labelIndex);
                    if (CsvText.isMissing(v)) {
                        throw DataFormatException.at(csv, line, labelColumn, "missing label");
                    }
                    if (!classNames.isEmpty() && !labelCodes.containsKey(v)) {
                        throw DataFormatException.at(csv, line, labelColumn, "unknown label '" + v + "' (known: "
                                + String.join(", ", classNames) + ")");
                    }
                    labelText.add(v);
                }
            }
            if (values.rows(w) == 0) {
                throw new DataFormatException(csv, "no data rows after the header");
            }
            int[] labels = null;
            List<String> names = classNames;
            if (labelIndex >= 0) {
                if (classNames.isEmpty()) {
                    names = CsvLevels.sorted(new HashSet<>(labelText));
                    labelCodes = CsvLevels.codes(names);
                }
                labels = new int[labelText.size()];
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = labelCodes.get(labelText.get(i));
                }
            }
            return fit.dataset(csv.getFileName().toString(), new FloatRows(values.toArray(), w), labels, names);
        }
    }

    /** A growing float array (rows read into memory). */
    private static final class FloatArray {
        private float[] a = new float[1024];
        private int n;

        void add(float[] row) {
            if (n + row.length > a.length) {
                long cap = Math.max((long) a.length * 2, (long) n + row.length);
                if (cap > Integer.MAX_VALUE - 8) {
                    throw new IllegalStateException("more than 2^31 values: too many rows to hold in memory");
                }
                a = Arrays.copyOf(a, (int) cap);
            }
            System.arraycopy(row, 0, a, n, row.length);
            n += row.length;
        }

        int rows(int w) {
            return n / w;
        }

        float[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
