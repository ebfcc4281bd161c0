package vae4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import vae4j.data.Column;
import vae4j.data.ImageSpec;
import vae4j.data.InputSpec;
import vae4j.data.TableSpec;
import vae4j.model.ModelConfig;

/**
 * Where a DataFrame's rows hold a model's input, checked against the model on the driver before any task runs, and
 * turned into model-space examples on the executors ({@link #bind}).
 *
 * <ul>
 *   <li><b>Table models</b>: one column per model column, by the name it was trained on (extra columns ignored),
 *       string (converted as {@code vae4j score} converts a CSV field), numeric or boolean.</li>
 *   <li><b>Image models</b>: a binary column of picture file bytes ({@code content} of Spark's {@code binaryFile}
 *       source: decoded and resized as {@code vae4j score --data <folder>} does), a struct of Spark's {@code image}
 *       source ({@code image}: BGR(A) bytes, resized the same way), or an array of {@code c*h*w} float/double values
 *       already in model space (channels first, in [0, 1]).</li>
 *   <li>Any model: {@code featuresColumn}, an array of the model's {@code features} values in model space.</li>
 *   <li><b>Conditional models</b>: a label column, integer codes or strings (coded by their sorted distinct values
 *       over the whole input, as the CSV reader of new data codes them).</li>
 * </ul>
 */
final class RowReader implements Serializable {
    private static final long serialVersionUID = 1L;

    enum Kind { TABLE, BINARY_FILE, IMAGE, ARRAY }

    /** What the user said about the input: which column holds what; {@code source} is named in messages. */
    record Options(String featuresColumn, String labelColumn, String source) implements Serializable {
    }

    final Kind kind;
    final int[] fields;      // TABLE: input field of each model column; else [the input column]
    final String[] names;    // the input column names of {@code fields}
    final boolean[] text;    // TABLE: the field is a string (else a number or boolean)
    final int nameField;     // the field naming a picture in messages (path, or -1)
    final int labelField;    // -1 for unconditional models
    final String[] labelOrder; // string labels: the codes' order; null for integer labels
    final String source;

    private RowReader(Kind kind, int[] fields, String[] names, boolean[] text, int nameField, int labelField,
                      String[] labelOrder, String source) {
        this.kind = kind;
        this.fields = fields;
        this.names = names;
        this.text = text;
        this.nameField = nameField;
        this.labelField = labelField;
        this.labelOrder = labelOrder;
        this.source = source;
    }

    /**
     * Checks {@code schema} against the model.
     *
     * @param labelValues for a string label column of a conditional model: its distinct values (else ignored)
     * @throws SparkJobException (exit code 3) naming the column that is missing or of the wrong type
     */
    static RowReader of(StructType schema, ModelConfig config, Options o, List<String> labelValues) {
        InputSpec spec = config.input();
        String src = o.source();
        int labelField = -1;
        String[] order = null;
        if (config.conditional()) {
            if (o.labelColumn() == null) {
                throw data(src + ": the model is conditional on " + config.classes() + " classes: each row is"
                        + " scored with its own label; name the label column (--label-column)");
            }
            labelField = field(schema, o.labelColumn(), src, "label column");
            DataType t = schema.fields()[labelField].dataType();
            if (t instanceof StringType) {
                order = vae4j.data.TableRowEncoder.labelOrder(labelValues).toArray(String[]::new);
            } else if (!isInteger(t)) {
                throw data(src + ": label column '" + o.labelColumn() + "' is " + t.simpleString()
                        + ": want integer class codes or strings");
            }
        }
        if (o.featuresColumn() != null) {
            int f = field(schema, o.featuresColumn(), src, "features column");
            requireArray(schema.fields()[f], spec, src);
            return new RowReader(Kind.ARRAY, new int[] {f}, new String[] {o.featuresColumn()}, null, -1, labelField,
                    order, src);
        }
        if (spec instanceof TableSpec t) {
            List<Column> cols = t.columns();
            int[] at = new int[cols.size()];
            String[] names = new String[cols.size()];
            boolean[] text = new boolean[cols.size()];
            for (int k = 0; k < cols.size(); k++) {
                String name = cols.get(k).name();
                int i = index(schema, name);
                if (i < 0) {
                    throw data(src + ": no column '" + name + "' (the model was trained on "
                            + String.join(", ", cols.stream().map(Column::name).toList()) + "; the input has "
                            + String.join(", ", schema.fieldNames()) + ")");
                }
                DataType dt = schema.fields()[i].dataType();
                if (!(dt instanceof StringType || dt instanceof NumericType || dt instanceof BooleanType)) {
                    throw data(src + ": column '" + name + "' is " + dt.simpleString() + ": want a string, a number"
                            + " or a boolean");
                }
                at[k] = i;
                names[k] = name;
                text[k] = dt instanceof StringType;
            }
            return new RowReader(Kind.TABLE, at, names, text, -1, labelField, order, src);
        }
        ImageSpec img = (ImageSpec) spec;
        int content = index(schema, "content");
        if (content >= 0 && schema.fields()[content].dataType() instanceof BinaryType) {
            return new RowReader(Kind.BINARY_FILE, new int[] {content}, new String[] {"content"}, null,
                    index(schema, "path"), labelField, order, src);
        }
        int image = index(schema, "image");
        if (image >= 0 && isImageStruct(schema.fields()[image].dataType())) {
            return new RowReader(Kind.IMAGE, new int[] {image}, new String[] {"image"}, null, -1, labelField, order,
                    src);
        }
        int features = index(schema, "features");
        if (features >= 0) {
            requireArray(schema.fields()[features], spec, src);
            return new RowReader(Kind.ARRAY, new int[] {features}, new String[] {"features"}, null, -1, labelField,
                    order, src);
        }
        throw data(src + ": the model takes " + describe(img) + " (" + img.features() + " values): the input needs a binary 'content' column"
                + " (Spark's binaryFile source), an 'image' column (Spark's image source) or an array column of "
                + img.features() + " values (--features-column); it has " + String.join(", ", schema.fieldNames()));
    }

    /** The reader for the model loaded in this JVM. */
    ExampleReader bind(ExecutorModels.Loaded model) {
        return new ExampleReader(this, model);
    }

    static String describe(ImageSpec s) {
        return String.format(Locale.ROOT, "%s %dx%d pictures", s.channels() == 1 ? "grey" : "RGB", s.height(),
                s.width());
    }

    private static void requireArray(StructField f, InputSpec spec, String src) {
        if (!(f.dataType() instanceof ArrayType a)
                || !(a.elementType() instanceof FloatType || a.elementType() instanceof DoubleType)) {
            throw data(src + ": column '" + f.name() + "' is " + f.dataType().simpleString() + ": want an array of"
                    + " " + spec.features() + " float or double values in model space");
        }
    }

    private static boolean isImageStruct(DataType t) {
        if (!(t instanceof StructType s)) {
            return false;
        }
        List<String> have = Arrays.asList(s.fieldNames());
        return have.containsAll(List.of("origin", "height", "width", "nChannels", "data"));
    }

    private static boolean isInteger(DataType t) {
        return t instanceof org.apache.spark.sql.types.IntegerType || t instanceof org.apache.spark.sql.types.LongType
                || t instanceof org.apache.spark.sql.types.ShortType || t instanceof org.apache.spark.sql.types.ByteType;
    }

    private static int field(StructType schema, String name, String src, String what) {
        int i = index(schema, name);
        if (i < 0) {
            throw data(src + ": no " + what + " '" + name + "' (the input has " + String.join(", ",
                    schema.fieldNames()) + ")");
        }
        return i;
    }

    private static int index(StructType schema, String name) {
        String[] n = schema.fieldNames();
        for (int i = 0; i < n.length; i++) {
            if (n[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static SparkJobException data(String message) {
        return new SparkJobException(3, message);
    }

    /** The input columns that carry the example (dropped from a CSV output: bytes, pictures, arrays). */
    List<String> exampleColumns() {
        return kind == Kind.TABLE ? List.of() : new ArrayList<>(List.of(names));
    }
}
