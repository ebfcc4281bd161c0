package vae4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import vae4j.data.Column;
import vae4j.data.Dataset;
import vae4j.data.FloatRows;
import vae4j.data.ImageDataset;
import vae4j.data.RowDataset;
import vae4j.data.TableSpec;
import vae4j.engine.Devices;
import vae4j.model.Vae;

/**
 * Short training runs on data made here, so that {@code mvn test} trains real models on any machine (no data set
 * needed), and checked against answers known independently of the code.
 */
class SyntheticTrainingTest {
    /** Loadings of a 2-factor model x = W z + noise, z ~ N(0, I): 5 numeric columns. */
    private static final double[][] W = {{1.0, 0.0}, {0.0, 2.0}, {0.7, 0.7}, {-1.5, 0.5}, {0.3, -1.2}};
    private static final double NOISE = 0.3;

    /** Rows of the factor model, in the data's own units (means 10, 20, ...). */
    private static float[] factorRows(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n * W.length];
        for (int i = 0; i < n; i++) {
            double z0 = r.nextGaussian();
            double z1 = r.nextGaussian();
            for (int j = 0; j < W.length; j++) {
                v[i * W.length + j] = (float) (10 * (j + 1) + W[j][0] * z0 + W[j][1] * z1 + NOISE * r.nextGaussian());
            }
        }
        return v;
    }

    /** The exact -log p(x) of the factor model, averaged over rows: x ~ N(mu, W W^T + s^2 I). */
    private static double exactNegLogLikelihood(float[] rows) {
        int d = W.length;
        double[][] cov = new double[d][d];
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                cov[a][b] = W[a][0] * W[b][0] + W[a][1] * W[b][1] + (a == b ? NOISE * NOISE : 0);
            }
        }
        var chol = new org.apache.commons.math3.linear.CholeskyDecomposition(
                new org.apache.commons.math3.linear.Array2DRowRealMatrix(cov));
        double logDet = Math.log(chol.getDeterminant());
        var solver = chol.getSolver();
        int n = rows.length / d;
        double total = 0;
        for (int i = 0; i < n; i++) {
            double[] x = new double[d];
            for (int j = 0; j < d; j++) {
                x[j] = rows[i * d + j] - 10 * (j + 1);
            }
            double[] y = solver.solve(new org.apache.commons.math3.linear.ArrayRealVector(x)).toArray();
            double q = 0;
            for (int j = 0; j < d; j++) {
                q += x[j] * y[j];
            }
            total += 0.5 * (q + logDet + d * Math.log(2 * Math.PI));
        }
        return total / n;
    }

    private static TableSpec fittedSpec(float[] train) {
        int d = W.length;
        int n = train.length / d;
        List<Column> cols = new ArrayList<>();
        for (int j = 0; j < d; j++) {
            double s = 0;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                s += train[i * d + j];
                sq += (double) train[i * d + j] * train[i * d + j];
            }
            double mean = s / n;
            cols.add(Column.numeric("x" + j, mean, Math.sqrt(sq / n - mean * mean)));
        }
        return new TableSpec(cols);
    }

    @Test
    void tableVaeApproachesTheExactLikelihoodOfAFactorModel() throws IOException {
        float[] trainRows = factorRows(4000, 1);
        float[] testRows = factorRows(1000, 2);
        TableSpec spec = fittedSpec(trainRows);
        Dataset train = new RowDataset("factor/train", spec, new FloatRows(trainRows, W.length), 1f, null, null);
        Dataset test = new RowDataset("factor/test", spec, new FloatRows(testRows, W.length), 1f, null, null);
        TrainConfig t = Preset.TABLE_MLP.training().withEpochs(40).withBatchSize(100);
        Vae vae = Vae.create(Preset.TABLE_MLP.model(spec).withLatentDim(2), t.seed());
        Trainer trainer = new Trainer(vae, t, Devices.cpu());
        List<EpochMetrics> h = trainer.fit(train, test, new TrainingListener() { });
        double exact = exactNegLogLikelihood(testRows);
        double first = h.get(0).testLoss();
        double last = h.get(h.size() - 1).testLoss();
        System.out.printf("factor model: exact -log p(x) %.3f nats/row; test -ELBO epoch 1 %.3f, epoch %d %.3f%n",
                exact, first, h.size(), last);
        // the -ELBO bounds -log p(x) from above; a well-fitted VAE comes within a fraction of a nat of it
        assertThat(last).isLessThan(first - 1.0);
        assertThat(last).isGreaterThan(exact - 0.1);
        assertThat(last).isLessThan(exact + 0.6);
    }

    /** 8x8 pictures of one bright bar; see {@link vae4j.testing.TestData#bars}. */
    static ImageDataset bars(int n, long seed) {
        return vae4j.testing.TestData.bars(n, seed);
    }

    @Test
    void imageVaeLearnsBarImages() throws IOException {
        ImageDataset train = bars(2000, 3);
        ImageDataset test = bars(300, 4);
        TrainConfig t = Preset.PYTORCH_MLP.training().withEpochs(15).withBatchSize(50).withLearningRate(3e-3);
        Vae vae = Vae.create(Preset.PYTORCH_MLP.model(train.spec()).withHidden(List.of(64)).withLatentDim(2),
                t.seed());
        List<EpochMetrics> h = new Trainer(vae, t, Devices.cpu()).fit(train, test, new TrainingListener() { });
        double first = h.get(0).testLoss();
        double last = h.get(h.size() - 1).testLoss();
        System.out.printf("bars: test -ELBO epoch 1 %.2f, epoch %d %.2f%n", first, h.size(), last);
        // 16 equally likely bars: an ideal model pays log 16 = 2.77 nats; a model ignoring the data pays 64 * H(1/8)
        double ignorant = 64 * -(0.125 * Math.log(0.125) + 0.875 * Math.log(0.875));
        assertThat(first).isLessThan(ignorant * 1.5);
        assertThat(last).isLessThan(ignorant * 0.5).isGreaterThan(Math.log(16) - 0.5);
    }
}
