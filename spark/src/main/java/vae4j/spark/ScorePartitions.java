package vae4j.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import vae4j.eval.ExampleScore;
import vae4j.eval.ScoreThresholds;
import vae4j.eval.Scorer;
import vae4j.train.Precision;

/** Scores a partition in batches with {@link Scorer}: each row gets the score columns of {@code vae4j score}. */
final class ScorePartitions implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final ModelSource source;
    private final RowReader reader;
    private final int k;
    private final long seed;
    private final int batchSize;
    private final boolean table;
    private final String flagScore;
    private final Precision precision;

    /**
     * @param flagScore the score whose stored threshold sets {@code flag}, or null for no flag column
     * @param precision of the networks' matrix work ({@link Scorer#withPrecision})
     */
    ScorePartitions(ModelSource source, RowReader reader, int k, long seed, int batchSize, boolean table,
                    String flagScore, Precision precision) {
        this.source = source;
        this.reader = reader;
        this.k = k;
        this.seed = seed;
        this.batchSize = batchSize;
        this.table = table;
        this.flagScore = flagScore;
        this.precision = precision;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        ExecutorModels.Loaded m = ExecutorModels.get(source);
        ExampleReader in = reader.bind(m);
        Scorer scorer = new Scorer(m.model().model(), new Scorer.Settings(k, seed, batchSize))
                .withPrecision(precision);
        boolean conditional = m.model().model().config().conditional();
        ScoreThresholds thresholds = m.thresholds();
        int f = in.features();
        return new Batching(rows, batchSize, batch -> {
            float[][] x = new float[batch.size()][f];
            int[] labels = conditional ? new int[batch.size()] : null;
            for (int i = 0; i < batch.size(); i++) {
                in.read(batch.get(i), x[i], 0);
                if (conditional) {
                    labels[i] = in.label(batch.get(i));
                }
            }
            List<ExampleScore> scores = scorer.score(x, labels);
            List<Row> out = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                Row r = batch.get(i);
                ExampleScore s = scores.get(i);
                int n = r.size();
                Object[] v = new Object[n + ScoreColumns.count(table, flagScore != null)];
                for (int j = 0; j < n; j++) {
                    v[j] = r.get(j);
                }
                int o = n;
                for (String name : ExampleScore.NAMES) {
                    v[o++] = s.value(name);
                }
                if (table) {
                    v[o++] = s.topColumn();
                    v[o++] = s.topShare();
                }
                if (flagScore != null) {
                    v[o] = thresholds != null && thresholds.flags(flagScore, s.value(flagScore)) ? 1 : 0;
                }
                out.add(RowFactory.create(v));
            }
            return out;
        });
    }
}
