package vae4j.spark;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import vae4j.data.DataFormatException;
import vae4j.data.DataRecipe;
import vae4j.data.ImageBytes;
import vae4j.data.ImageSpec;
import vae4j.data.InputSpec;
import vae4j.data.TableRowEncoder;
import vae4j.data.TableSpec;
import vae4j.model.ModelConfig;

/** A {@link RowReader} bound to the model loaded in this JVM: rows in, model-space examples out. */
final class ExampleReader {
    private final RowReader r;
    private final ModelConfig config;
    private final InputSpec spec;
    private final TableRowEncoder table;
    private final float[] raw;
    private final Map<String, Integer> labelCodes;
    private final Path source;

    ExampleReader(RowReader r, ExecutorModels.Loaded model) {
        this.r = r;
        this.config = model.model().model().config();
        this.spec = config.input();
        this.source = Path.of(r.source);
        if (spec instanceof TableSpec t && r.kind == RowReader.Kind.TABLE) {
            table = TableRowEncoder.forModel(t, DataRecipe.fromOptions(model.model().dataset().options()));
            raw = new float[t.rawWidth()];
        } else {
            table = null;
            raw = null;
        }
        if (r.labelOrder != null) {
            labelCodes = new HashMap<>();
            for (int i = 0; i < r.labelOrder.length; i++) {
                labelCodes.put(r.labelOrder[i], i);
            }
        } else {
            labelCodes = null;
        }
    }

    /** Values per example. */
    int features() {
        return spec.features();
    }

    /**
     * Reads one row's example into {@code dst[offset .. offset + features)}.
     *
     * @throws SparkJobException (exit code 3) naming the source and column of a value that does not fit the model
     */
    void read(Row row, float[] dst, int offset) {
        try {
            switch (r.kind) {
                case TABLE -> {
                    for (int k = 0; k < raw.length; k++) {
                        Object v = row.get(r.fields[k]);
                        if (v == null) {
                            raw[k] = table.rawValue(k, null, source, 0);
                        } else if (v instanceof String s) {
                            raw[k] = table.rawValue(k, s, source, 0);
                        } else if (v instanceof Boolean b) {
                            raw[k] = table.rawValue(k, b.toString(), source, 0);
                        } else if (v instanceof Long || v instanceof Integer || v instanceof Short
                                || v instanceof Byte || v instanceof java.math.BigDecimal) {
                            // exact decimal text, parsed as the CSV reader parses it
                            raw[k] = table.rawValue(k, v.toString(), source, 0);
                        } else {
                            raw[k] = table.rawNumber(k, ((Number) v).doubleValue(), source, 0);
                        }
                    }
                    ((TableSpec) spec).encode(raw, 0, dst, offset);
                }
                case BINARY_FILE -> {
                    byte[] bytes = (byte[]) row.get(r.fields[0]);
                    Path name = r.nameField >= 0 && row.get(r.nameField) != null ? Path.of(row.getString(r.nameField))
                            : source;
                    if (bytes == null) {
                        throw new DataFormatException(name, "column 'content' is null");
                    }
                    float[] v = ImageBytes.modelSpace(bytes, name, (ImageSpec) spec);
                    System.arraycopy(v, 0, dst, offset, v.length);
                }
                case IMAGE -> {
                    Row img = row.getStruct(r.fields[0]);
                    float[] v = ImageBytes.modelSpace(picture(img), (ImageSpec) spec);
                    System.arraycopy(v, 0, dst, offset, v.length);
                }
                case ARRAY -> {
                    List<Object> values = row.getList(r.fields[0]);
                    if (values == null || values.size() != spec.features()) {
                        throw new DataFormatException(source, "column '" + r.names[0] + "': "
                                + (values == null ? "null" : values.size() + " values") + ", but the model takes "
                                + spec.features() + " (" + (spec instanceof ImageSpec i ? RowReader.describe(i)
                                : spec.describe()) + ")");
                    }
                    for (int j = 0; j < values.size(); j++) {
                        Object x = values.get(j);
                        if (x == null) {
                            throw new DataFormatException(source, "column '" + r.names[0] + "': value " + j
                                    + " is null");
                        }
                        dst[offset + j] = ((Number) x).floatValue();
                    }
                }
                default -> throw new IllegalStateException(r.kind.toString());
            }
        } catch (DataFormatException e) {
            throw new SparkJobException(3, e.getMessage(), e);
        }
    }

    /** The row's class code for a conditional model, -1 otherwise. */
    int label(Row row) {
        if (r.labelField < 0) {
            return -1;
        }
        Object v = row.get(r.labelField);
        String col = row.schema().fieldNames()[r.labelField];
        if (v == null) {
            throw new SparkJobException(3, r.source + ": column '" + col + "': missing label");
        }
        int code;
        if (labelCodes != null) {
            Integer c = labelCodes.get(v.toString());
            code = c == null ? -1 : c;
        } else {
            code = (int) ((Number) v).longValue();
        }
        if (code < 0 || code >= config.classes()) {
            throw new SparkJobException(3, r.source + ": column '" + col + "': label " + v + " is outside the"
                    + " model's " + config.classes() + " classes");
        }
        return code;
    }

    /** A picture of Spark's image source (BGR or BGRA bytes, or grey) as a Java picture. */
    private BufferedImage picture(Row img) throws DataFormatException {
        String origin = img.getAs("origin");
        Path name = origin == null || origin.isEmpty() ? source : Path.of(origin);
        int h = img.<Integer>getAs("height");
        int w = img.<Integer>getAs("width");
        int c = img.<Integer>getAs("nChannels");
        byte[] data = img.getAs("data");
        if (h <= 0 || w <= 0 || data == null || data.length != (long) h * w * c || (c != 1 && c != 3 && c != 4)) {
            throw new DataFormatException(name, "column 'image': not a decoded picture (" + h + "x" + w + ", " + c
                    + " channels" + (data == null ? ", no data" : ", " + data.length + " bytes") + ")");
        }
        BufferedImage out;
        if (c == 1) {
            out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            out.getRaster().setDataElements(0, 0, w, h, data);
            return out;
        }
        out = new BufferedImage(w, h, c == 4 ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        int[] argb = new int[h * w];
        for (int i = 0; i < argb.length; i++) {
            int b = data[i * c] & 0xff;
            int g = data[i * c + 1] & 0xff;
            int rr = data[i * c + 2] & 0xff;
            int a = c == 4 ? data[i * c + 3] & 0xff : 0xff;
            argb[i] = a << 24 | rr << 16 | g << 8 | b;
        }
        out.setRGB(0, 0, w, h, argb, 0, w);
        return out;
    }
}
