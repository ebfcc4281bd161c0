package vae4j.spark;

import java.util.ArrayList;
import java.util.List;
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
public final class VaeEncoder extends ModelTransformer<VaeEncoder> {
    private static final long serialVersionUID = 1L;

    public VaeEncoder() {
        this(Identifiable$.MODULE$.randomUID("vaeEncoder"));
    }

    public VaeEncoder(String uid) {
        super(uid, 256);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType in = dataset.schema();
        DriverCheck.Checked c = DriverCheck.check(dataset.sparkSession(), modelPath(), in, dataset, options());
        return dataset.toDF().mapPartitions(new EncodePartitions(c.source(), c.reader(), batchSize()),
                Encoders.row(outSchema(in)));
    }

    @Override
    public StructType transformSchema(StructType schema) {
        DriverCheck.check(org.apache.spark.sql.SparkSession.active(), modelPath(), schema, null, options());
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
        return copySharedInto(new VaeEncoder(uid()));
    }
}
