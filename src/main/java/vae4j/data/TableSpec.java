package vae4j.data;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Rows of named columns. Model space concatenates the columns in order: a numeric column is one value
 * {@code (x - mean) / std}, a binary column one value in {0, 1}, a categorical column a one-hot block of
 * {@code levels} values.
 *
 * <p>Raw rows (as stored by a {@link RowStore} of a table) hold one float per column: the raw number of a numeric
 * column, or the level's code for binary and categorical columns; {@link #encode} turns such a row into model space.
 */
public record TableSpec(List<Column> columns) implements InputSpec {
    public TableSpec {
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        Set<String> seen = new HashSet<>();
        for (Column c : columns) {
            if (!seen.add(c.name())) {
                throw new IllegalArgumentException("column '" + c.name() + "' appears twice");
            }
        }
    }

    @Override
    public int features() {
        int n = 0;
        for (Column c : columns) {
            n += c.width();
        }
        return n;
    }

    @Override
    public String describe() {
        long numeric = columns.stream().filter(c -> c.kind() == ColumnKind.NUMERIC).count();
        long binary = columns.stream().filter(c -> c.kind() == ColumnKind.BINARY).count();
        return "table of " + columns.size() + " columns (" + numeric + " numeric, " + binary + " binary, "
                + (columns.size() - numeric - binary) + " categorical)";
    }

    @Override
    public long[] batchShape(long n) {
        return new long[] {n, features()};
    }

    /** Number of raw values per row: one per column. */
    public int rawWidth() {
        return columns.size();
    }

    /**
     * Encodes one raw row into model space.
     *
     * @param raw    {@link #rawWidth()} values from {@code rawOffset}: numbers, or level codes
     * @param dst    receives {@link #features()} values from {@code dstOffset}
     */
    public void encode(float[] raw, int rawOffset, float[] dst, int dstOffset) {
        int o = dstOffset;
        for (int j = 0; j < columns.size(); j++) {
            Column c = columns.get(j);
            float v = raw[rawOffset + j];
            switch (c.kind()) {
                case NUMERIC -> dst[o++] = (float) ((v - c.mean()) / c.std());
                case BINARY -> dst[o++] = v;
                case CATEGORICAL -> {
                    for (int k = 0; k < c.levels().size(); k++) {
                        dst[o + k] = 0f;
                    }
                    dst[o + (int) v] = 1f;
                    o += c.levels().size();
                }
            }
        }
    }

    /** Inverse of {@link #encode} for display: numbers unscaled, levels by name (the most likely level). */
    public String[] decode(float[] modelSpace, int offset) {
        String[] out = new String[columns.size()];
        int o = offset;
        for (int j = 0; j < columns.size(); j++) {
            Column c = columns.get(j);
            switch (c.kind()) {
                case NUMERIC -> out[j] = Float.toString((float) (modelSpace[o++] * c.std() + c.mean()));
                case BINARY -> out[j] = c.levels().get(modelSpace[o++] >= 0.5f ? 1 : 0);
                case CATEGORICAL -> {
                    int best = 0;
                    for (int k = 1; k < c.levels().size(); k++) {
                        if (modelSpace[o + k] > modelSpace[o + best]) {
                            best = k;
                        }
                    }
                    out[j] = c.levels().get(best);
                    o += c.levels().size();
                }
            }
        }
        return out;
    }
}
