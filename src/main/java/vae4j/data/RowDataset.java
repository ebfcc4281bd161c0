package vae4j.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A data set over a {@link RowStore} of raw rows: table rows encoded by their {@link TableSpec}, or image rows scaled
 * into [0, 1] by a constant (1/255 for bytes, 1 for floats already in range).
 */
public final class RowDataset implements Dataset {
    private final String name;
    private final InputSpec spec;
    private final RowStore store;
    private final float scale;
    private final int[] labels;
    private final List<String> classNames;
    private volatile String fingerprint;

    /**
     * @param spec       a {@link TableSpec} (raw width = columns) or an {@link ImageSpec} (raw width = features)
     * @param scale      multiplies image values (ignored for tables)
     * @param labels     one per row, or null
     * @param classNames label names, possibly empty
     */
    public RowDataset(String name, InputSpec spec, RowStore store, float scale, int[] labels,
                      List<String> classNames) {
        this.name = Objects.requireNonNull(name, "name");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.store = Objects.requireNonNull(store, "store");
        this.scale = scale;
        this.labels = labels;
        this.classNames = classNames == null ? List.of() : List.copyOf(classNames);
        int expected = spec instanceof TableSpec t ? t.rawWidth() : spec.features();
        if (store.width() != expected) {
            throw new IllegalArgumentException(name + ": rows hold " + store.width() + " values but "
                    + spec.describe() + " needs " + expected);
        }
        if (labels != null && labels.length != store.rows()) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels for " + store.rows() + " rows");
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int size() {
        return store.rows();
    }

    @Override
    public InputSpec spec() {
        return spec;
    }

    /** The raw rows underneath. */
    public RowStore store() {
        return store;
    }

    @Override
    public void read(int[] rows, float[] dst) {
        int f = spec.features();
        if (spec instanceof TableSpec t) {
            float[] raw = new float[t.rawWidth()];
            for (int i = 0; i < rows.length; i++) {
                store.read(rows[i], raw, 0);
                t.encode(raw, 0, dst, i * f);
            }
        } else {
            for (int i = 0; i < rows.length; i++) {
                store.read(rows[i], dst, i * f);
                if (scale != 1f) {
                    for (int j = i * f, end = j + f; j < end; j++) {
                        dst[j] *= scale;
                    }
                }
            }
        }
    }

    @Override
    public boolean inMemory() {
        return store instanceof FloatRows;
    }

    @Override
    public int[] labels() {
        return labels;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    /** SHA-256 over the spec's raw layout, every raw row (float32, little-endian) and the labels; computed once. */
    @Override
    public String fingerprint() {
        String f = fingerprint;
        if (f == null) {
            MessageDigest md = Hashing.digest();
            md.update((rawLayout() + ";").getBytes(StandardCharsets.UTF_8));
            int w = store.width();
            float[] row = new float[w];
            ByteBuffer b = ByteBuffer.allocate(4 * w).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < store.rows(); i++) {
                store.read(i, row, 0);
                b.clear();
                b.asFloatBuffer().put(row);
                md.update(b.array(), 0, 4 * w);
            }
            if (labels != null) {
                ByteBuffer lb = ByteBuffer.allocate(4 * labels.length);
                lb.asIntBuffer().put(labels);
                md.update(lb.array());
            }
            f = HexFormat.of().formatHex(md.digest());
            fingerprint = f;
        }
        return f;
    }

    /** What identifies the raw values' meaning: column names, kinds and levels (not the fitted scaling), or shape. */
    private String rawLayout() {
        if (spec instanceof TableSpec t) {
            StringBuilder sb = new StringBuilder("table");
            for (Column c : t.columns()) {
                sb.append('|').append(c.name()).append(':').append(c.kind().id()).append(c.levels());
            }
            return sb.toString();
        }
        return spec + "*" + scale;
    }
}
