package vae4j.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The levels of binary and categorical columns: their order, their codes, and a field's raw value. */
final class CsvLevels {
    private CsvLevels() {
    }

    /** Numbers in numeric order when every level is a number, else strings in {@link String#compareTo} order. */
    static List<String> sorted(Collection<String> values) {
        List<String> l = new ArrayList<>(values);
        boolean numbers = l.stream().allMatch(v -> !Double.isNaN(CsvNumbers.parseNumber(v)));
        l.sort(numbers ? Comparator.<String>comparingDouble(CsvNumbers::parseNumber).thenComparing(v -> v)
                : Comparator.naturalOrder());
        return l;
    }

    /** Level to code (its position). */
    static Map<String, Integer> codes(List<String> levels) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < levels.size(); i++) {
            m.put(levels.get(i), i);
        }
        return m;
    }

    /**
     * The raw value of one field: the number of a numeric column, the code of a level otherwise (a level that is a
     * number also matches another spelling of it, e.g. {@code 1.0} for {@code 1}).
     *
     * @param codes the column's {@link #codes}, null for a numeric column
     * @throws DataFormatException naming the file, line and column: not a number, or not a level
     */
    static float rawValue(Path csv, long line, Column c, Map<String, Integer> codes, String v)
            throws DataFormatException {
        if (c.kind() == ColumnKind.NUMERIC) {
            double d = CsvNumbers.parseNumber(v);
            if (Double.isNaN(d)) {
                throw DataFormatException.at(csv, line, c.name(), "'" + v + "' is not a number");
            }
            return (float) d;
        }
        Integer code = codes.get(v);
        if (code == null) {
            double d = CsvNumbers.parseNumber(v);
            if (!Double.isNaN(d)) {
                for (int i = 0; i < c.levels().size(); i++) {
                    if (CsvNumbers.parseNumber(c.levels().get(i)) == d) {
                        return i;
                    }
                }
            }
            String list = String.join(", ", c.levels());
            throw DataFormatException.at(csv, line, c.name(), c.kind() == ColumnKind.BINARY
                    ? "'" + v + "' is neither of the binary column's values (" + list + ")"
                    : "unknown category '" + v + "' (known: " + list + ")");
        }
        return code;
    }
}
