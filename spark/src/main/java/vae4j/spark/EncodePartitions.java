package vae4j.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import vae4j.data.Dataset;
import vae4j.data.InputSpec;
import vae4j.eval.LatentCodes;

/**
 * Encodes a partition in batches with {@link LatentCodes#encodeRowwise}: each row gets {@code z_mean} and
 * {@code z_log_var}, the same float32 values whatever the partitioning (the encoder sees fixed blocks of examples).
 */
final class EncodePartitions implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final ModelSource source;
    private final RowReader reader;
    private final int batchSize;

    EncodePartitions(ModelSource source, RowReader reader, int batchSize) {
        this.source = source;
        this.reader = reader;
        this.batchSize = batchSize;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        ExecutorModels.Loaded m = ExecutorModels.get(source);
        ExampleReader in = reader.bind(m);
        var vae = m.model().model();
        boolean conditional = vae.config().conditional();
        int f = in.features();
        return new Batching(rows, batchSize, batch -> {
            int n = batch.size();
            float[] x = new float[n * f];
            int[] labels = conditional ? new int[n] : null;
            for (int i = 0; i < n; i++) {
                in.read(batch.get(i), x, i * f);
                if (conditional) {
                    labels[i] = in.label(batch.get(i));
                }
            }
            LatentCodes codes = LatentCodes.encodeRowwise(vae, new Rows(vae.config().input(), x, n, labels));
            int d = codes.latentDim();
            List<Row> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Row r = batch.get(i);
                Object[] v = new Object[r.size() + 2];
                for (int j = 0; j < r.size(); j++) {
                    v[j] = r.get(j);
                }
                v[r.size()] = java.util.Arrays.copyOfRange(codes.mean(), i * d, (i + 1) * d);
                v[r.size() + 1] = java.util.Arrays.copyOfRange(codes.logVar(), i * d, (i + 1) * d);
                out.add(RowFactory.create(v));
            }
            return out;
        });
    }

    /** One batch of model-space examples as a {@link Dataset}. */
    private record Rows(InputSpec spec, float[] values, int size, int[] labels) implements Dataset {
        @Override
        public String name() {
            return "batch";
        }

        @Override
        public void read(int[] rows, float[] dst) {
            int f = spec.features();
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(values, rows[i] * f, dst, i * f, f);
            }
        }

        @Override
        public List<String> classNames() {
            return List.of();
        }

        @Override
        public String fingerprint() {
            throw new UnsupportedOperationException("a batch has no fingerprint");
        }

        @Override
        public boolean inMemory() {
            return true;
        }
    }
}
