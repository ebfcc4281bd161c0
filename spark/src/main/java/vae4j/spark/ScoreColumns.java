package vae4j.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import vae4j.eval.ExampleScore;

/**
 * The columns {@link VaeScorer} adds, named as {@code vae4j score} names its CSV columns: {@code neg_elbo},
 * {@code recon}, {@code kl}, {@code neg_log_px}, {@code corrected} (double, nats, higher = more anomalous); for
 * table models {@code top_column} (string) and {@code top_column_share} (double); {@code flag} (int, 0 or 1) when the
 * model folder holds thresholds from {@code vae4j calibrate}.
 */
final class ScoreColumns {
    private ScoreColumns() {
    }

    static int count(boolean table, boolean flag) {
        return ExampleScore.NAMES.size() + (table ? 2 : 0) + (flag ? 1 : 0);
    }

    /** {@code in} with the score columns appended. */
    static StructType append(StructType in, boolean table, boolean flag) {
        List<StructField> f = new ArrayList<>(List.of(in.fields()));
        for (String n : ExampleScore.NAMES) {
            f.add(DataTypes.createStructField(n, DataTypes.DoubleType, false));
        }
        if (table) {
            f.add(DataTypes.createStructField("top_column", DataTypes.StringType, true));
            f.add(DataTypes.createStructField("top_column_share", DataTypes.DoubleType, false));
        }
        if (flag) {
            f.add(DataTypes.createStructField("flag", DataTypes.IntegerType, false));
        }
        return DataTypes.createStructType(f);
    }
}
