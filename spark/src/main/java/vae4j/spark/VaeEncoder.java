package vae4j.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML transformer that adds the posterior of every row's example: {@code z_mean} and {@code z_log_var},
 * each an {@code array<float>} of the model's latent size (float32, the values {@code vae4j encode} writes as
 * {@code z_mean_0, ...}). Every input column is kept. Input columns as for {@link VaeScorer}.
 *
 * <pre>{@code
 * Dataset<Row> z = new VaeEncoder().setModelPath("s3a://bucket/models/fm")
 *         .transform(spark.read().format("binaryFile").load("s3a://bucket/pictures"));
 * }</pre>
 */
public final class VaeEncoder extends Transformer {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private String modelPath;
    private int batchSize = 256;
    private String featuresColumn;
    private String labelColumn;
    private String sourceName = "input";

    public VaeEncoder() {
        this(Identifiable$.MODULE$.randomUID("vaeEncoder"));
    }

    public VaeEncoder(String uid) {
        this.uid = uid;
    }

    @Override
    public String uid() {
        return uid;
    }

    /** The model folder: a local path or any Hadoop file system URI. */
    public VaeEncoder setModelPath(String path) {
        this.modelPath = path;
        return this;
    }

    /** Rows sent through the encoder at once per task (default 256). */
    public VaeEncoder setBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    /** An array column ({@code [features]} float or double, model space) holding the examples. */
    public VaeEncoder setFeaturesColumn(String column) {
        this.featuresColumn = column;
        return this;
    }

    /** The label column of a conditional model. */
    public VaeEncoder setLabelColumn(String column) {
        this.labelColumn = column;
        return this;
    }

    /** What the input is called in error messages. */
    public VaeEncoder setSourceName(String name) {
        this.sourceName = name;
        return this;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType in = dataset.schema();
        DriverCheck.Checked c = DriverCheck.check(dataset.sparkSession(), modelPath, in, dataset, options());
        return dataset.toDF().mapPartitions(new EncodePartitions(c.source(), c.reader(), batchSize),
                Encoders.row(outSchema(in)));
    }

    @Override
    public StructType transformSchema(StructType schema) {
        DriverCheck.check(org.apache.spark.sql.SparkSession.active(), modelPath, schema, null, options());
        return outSchema(schema);
    }

    private static StructType outSchema(StructType in) {
        List<StructField> f = new ArrayList<>(List.of(in.fields()));
        f.add(DataTypes.createStructField("z_mean", DataTypes.createArrayType(DataTypes.FloatType, false), false));
        f.add(DataTypes.createStructField("z_log_var", DataTypes.createArrayType(DataTypes.FloatType, false), false));
        return DataTypes.createStructType(f);
    }

    @Override
    public VaeEncoder copy(ParamMap extra) {
        VaeEncoder e = new VaeEncoder(uid);
        e.modelPath = modelPath;
        e.batchSize = batchSize;
        e.featuresColumn = featuresColumn;
        e.labelColumn = labelColumn;
        e.sourceName = sourceName;
        return e;
    }

    private RowReader.Options options() {
        return new RowReader.Options(featuresColumn, labelColumn, sourceName);
    }
}
