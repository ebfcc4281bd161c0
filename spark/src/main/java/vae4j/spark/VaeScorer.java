package vae4j.spark;

import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import vae4j.eval.ExampleScore;
import vae4j.train.Precision;

/**
 * A Spark ML transformer that adds the anomaly scores of {@code vae4j score} to every row: {@code neg_elbo},
 * {@code recon}, {@code kl}, {@code neg_log_px}, {@code corrected} (double, nats, higher = more anomalous), for table
 * models {@code top_column} and {@code top_column_share}, and {@code flag} (0/1) when the model folder holds
 * thresholds from {@code vae4j calibrate}. Every input column is kept.
 *
 * <p>Each row's scores are those {@code vae4j score} gives the same example with the same {@code k} and
 * {@code seed}, to the last digit, whatever the partitioning and batch size: {@link vae4j.eval.Scorer} seeds each
 * example's samples from its own values. Input columns: see {@link RowReader} (table columns by name; a
 * {@code content}, {@code image} or array column for pictures; a label column for conditional models).
 *
 * <pre>{@code
 * Dataset<Row> scored = new VaeScorer().setModelPath("hdfs:///models/weather").setK(100).setSeed(1)
 *         .transform(spark.read().option("header", true).csv("hdfs:///data/days.csv"));
 * }</pre>
 *
 * <p>The model folder is read on the driver first (a corrupt folder or a schema that does not fit fails the job
 * before any task runs), then copied once into each executor and loaded once per executor JVM.
 */
public final class VaeScorer extends ModelTransformer<VaeScorer> {
    private static final long serialVersionUID = 1L;

    private int k = 100;
    private long seed = 1;
    private String flagScore = "neg_log_px";
    private Precision precision = Precision.FP32;

    public VaeScorer() {
        this(Identifiable$.MODULE$.randomUID("vaeScorer"));
    }

    public VaeScorer(String uid) {
        super(uid, 64);
    }

    /** Importance samples per example for {@code neg_log_px} (default 100). */
    public VaeScorer setK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        this.k = k;
        return this;
    }

    /** Seed of the samples (default 1). */
    public VaeScorer setSeed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * {@code fp32} (default) or {@code bf16}: the encoder's and decoder's matrix work in bfloat16, as
     * {@code vae4j score --precision bf16} does (the same scores to the last digit as that command; see
     * {@link vae4j.eval.Scorer#withPrecision}).
     */
    public VaeScorer setPrecision(String precision) {
        this.precision = Precision.parseInference(precision);
        return this;
    }

    /** With stored thresholds: the score whose threshold sets {@code flag} (default {@code neg_log_px}). */
    public VaeScorer setFlagScore(String score) {
        if (!ExampleScore.NAMES.contains(score)) {
            throw new IllegalArgumentException("unknown score '" + score + "' (expected one of "
                    + String.join(", ", ExampleScore.NAMES) + ")");
        }
        this.flagScore = score;
        return this;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType in = dataset.schema();
        DriverCheck.Checked c = DriverCheck.check(dataset.sparkSession(), modelPath(), in, dataset, options());
        boolean flag = c.model().thresholds() != null;
        StructType out = ScoreColumns.append(in, c.table(), flag);
        return dataset.toDF().mapPartitions(new ScorePartitions(c.source(), c.reader(), k, seed, batchSize(), c.table(),
                flag ? flagScore : null, precision), Encoders.row(out));
    }

    @Override
    public StructType transformSchema(StructType schema) {
        DriverCheck.Checked c = DriverCheck.check(org.apache.spark.sql.SparkSession.active(), modelPath(), schema, null,
                options());
        return ScoreColumns.append(schema, c.table(), c.model().thresholds() != null);
    }

    @Override
    public VaeScorer copy(ParamMap extra) {
        VaeScorer s = copySharedInto(new VaeScorer(uid()));
        s.k = k;
        s.seed = seed;
        s.flagScore = flagScore;
        s.precision = precision;
        return s;
    }
}
