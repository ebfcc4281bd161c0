package vae4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import vae4j.data.Column;
import vae4j.data.Dataset;
import vae4j.data.FloatRows;
import vae4j.data.ImageSpec;
import vae4j.data.RowDataset;
import vae4j.data.TableSpec;
import vae4j.engine.Parameters;
import vae4j.model.Architecture;
import vae4j.model.Init;
import vae4j.model.ModelConfig;
import vae4j.model.Vae;

/** Per-example scores: exact on a model whose likelihood is known, and independent of batching and order. */
class ScorerTest {
    // the linear-Gaussian model of ImportanceSamplerTest: z ~ N(0, 1), x | z ~ N(w z + b, s2 I), 2 columns
    static final double[] W = {1.5, -0.8};
    static final double[] B = {0.3, 0.1};
    static final double S2 = 0.25;
    /** ReLU units are shifted this far into their linear region, so the MLP computes exactly affine maps. */
    static final float SHIFT = 100;

    /** log N(x; b, w w^T + s2 I), by hand (2x2 determinant and inverse). */
    static double exactLogMarginal(double x0, double x1) {
        double a = W[0] * W[0] + S2;
        double c = W[1] * W[1] + S2;
        double off = W[0] * W[1];
        double det = a * c - off * off;
        double d0 = x0 - B[0];
        double d1 = x1 - B[1];
        double quad = (c * d0 * d0 - 2 * off * d0 * d1 + a * d1 * d1) / det;
        return -0.5 * (quad + Math.log(det) + 2 * Math.log(2 * Math.PI));
    }

    /**
     * An MLP VAE [2 -> 2 -> (1, 1)], [1 -> 2 -> 4] whose weights make it the linear-Gaussian model with the exact
     * posterior as encoder: v = 1 / (1 + |w|^2 / s2), m(x) = v w.(x - b) / s2.
     */
    static Vae linearGaussian() {
        TableSpec spec = new TableSpec(List.of(Column.numeric("x0", 0, 1), Column.numeric("x1", 0, 1)));
        ModelConfig c = new ModelConfig(Architecture.MLP, spec, List.of(2), 1,
                vae4j.model.Likelihood.of(null, spec), Init.PYTORCH, 0);
        Vae vae = Vae.create(c, 1);
        double v = 1 / (1 + (W[0] * W[0] + W[1] * W[1]) / S2);
        float a0 = (float) (v * W[0] / S2);
        float a1 = (float) (v * W[1] / S2);
        float m0 = (float) (-v * (W[0] * B[0] + W[1] * B[1]) / S2);
        Map<String, Parameters.Values> p = new HashMap<>();
        Map<String, long[]> shapes = Parameters.shapes(vae.module());
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            String n = e.getKey();
            float[] val;
            if (n.startsWith("enc_dense0")) {        // h = x + SHIFT
                val = n.endsWith("weight") ? new float[] {1, 0, 0, 1} : new float[] {SHIFT, SHIFT};
            } else if (n.startsWith("z_mean")) {      // m = a.(h - SHIFT) + m0
                val = n.endsWith("weight") ? new float[] {a0, a1} : new float[] {m0 - SHIFT * (a0 + a1)};
            } else if (n.startsWith("z_log_var")) {   // log v
                val = n.endsWith("weight") ? new float[] {0, 0} : new float[] {(float) Math.log(v)};
            } else if (n.startsWith("dec_dense0")) {  // h = (z + SHIFT, SHIFT)
                val = n.endsWith("weight") ? new float[] {1, 0} : new float[] {SHIFT, SHIFT};
            } else if (n.startsWith("dec_out")) {     // [mean0, logvar0, mean1, logvar1]
                val = n.endsWith("weight") ? new float[] {(float) W[0], 0, 0, 0, (float) W[1], 0, 0, 0}
                        : new float[] {(float) (B[0] - SHIFT * W[0]), (float) Math.log(S2),
                                (float) (B[1] - SHIFT * W[1]), (float) Math.log(S2)};
            } else {
                throw new AssertionError("unexpected parameter " + n + " " + java.util.Arrays.toString(e.getValue()));
            }
            p.put(n, new Parameters.Values(e.getValue(), val));
        }
        Parameters.write(vae.module(), p);
        return vae;
    }

    @Test
    void negLogPxOfALinearGaussianModelIsItsExactMarginalForAnyK() {
        Vae vae = linearGaussian();
        float[][] xs = {{2.0f, -1.2f}, {0f, 0f}, {-3f, 1.5f}, {0.3f, 0.1f}, {4f, 4f}};
        for (int k : new int[] {1, 7, 100}) {
            List<ExampleScore> s = new Scorer(vae, new Scorer.Settings(k, 3, 2)).score(xs);
            for (int i = 0; i < xs.length; i++) {
                double exact = -exactLogMarginal(xs[i][0], xs[i][1]);
                assertThat(s.get(i).negLogPx()).as("example %d, k %d", i, k).isCloseTo(exact, within(2e-4));
                // the -ELBO is an upper bound, exact in expectation when q is the posterior (checked loosely)
                assertThat(s.get(i).negElbo()).isCloseTo(exact, within(k == 100 ? 0.6 : 20.0));
                assertThat(s.get(i).topColumn()).isIn("x0", "x1");
            }
        }
        // the unusual point (4, 4) is off the model's line: the most anomalous of the five
        List<ExampleScore> s = new Scorer(vae, new Scorer.Settings(10, 3, 5)).score(xs);
        assertThat(s.get(4).negLogPx()).isGreaterThan(s.stream().limit(4).mapToDouble(ExampleScore::negLogPx).max()
                .orElseThrow());
    }

    @Test
    void perColumnTermsAddUpToTheReconstructionTermAndNameTheOddColumn() {
        Vae vae = linearGaussian();
        // x1 far from what x0 implies (w1 z + b1 with z ~ x0's posterior): x1 explains the reconstruction term
        List<ExampleScore> s = new Scorer(vae, new Scorer.Settings(50, 1, 4)).score(new float[][] {{1.5f, 9f}});
        assertThat(s.get(0).topColumn()).isEqualTo("x1");
        assertThat(s.get(0).topShare()).isGreaterThan(0.8).isLessThanOrEqualTo(1.0);
    }

    /**
     * Odd shapes: 5x5 pictures (rows of 25 floats, so examples start at every alignment) and k of 1 (blocks of 256),
     * 100 (blocks of 32, one chunk) and 257 (two chunks, the last padded): an example scored alone, in a batch of 64,
     * at another place in a reversed batch of 300 or by a scorer working on 3 blocks at once gets the same numbers to
     * the last digit.
     */
    @Test
    void blocksAndChunksOfEveryShapeGiveTheSameScoresWhereverAnExampleLands() {
        ImageSpec img = new ImageSpec(1, 5, 5);
        ModelConfig c = new ModelConfig(Architecture.MLP, img, List.of(16), 2, vae4j.model.Likelihood.of(null, img),
                Init.PYTORCH, 0);
        Vae vae = Vae.create(c, 3);
        Random r = new Random(5);
        float[][] rows = new float[300][25];
        for (float[] row : rows) {
            for (int j = 0; j < 25; j++) {
                row[j] = r.nextFloat() < 0.4 ? 0f : r.nextFloat();
            }
        }
        float[][] reversed = new float[300][];
        for (int i = 0; i < 300; i++) {
            reversed[299 - i] = rows[i];
        }
        for (int k : new int[] {1, 100, 257}) {
            List<ExampleScore> batched = new Scorer(vae, new Scorer.Settings(k, 9, 64)).score(rows);
            List<ExampleScore> other = new Scorer(vae, new Scorer.Settings(k, 9, 300)).score(reversed);
            List<ExampleScore> threaded = new Scorer(vae, new Scorer.Settings(k, 9, 50)).withThreads(3).score(rows);
            Scorer single = new Scorer(vae, new Scorer.Settings(k, 9, 1));
            for (int i = 0; i < 300; i += i < 40 ? 1 : 37) {
                ExampleScore alone = single.score(new float[][] {rows[i]}).get(0);
                for (String name : ExampleScore.NAMES) {
                    assertThat(alone.value(name)).as("%s of example %d alone, k = %d", name, i, k)
                            .isEqualTo(batched.get(i).value(name));
                    assertThat(other.get(299 - i).value(name)).as("%s of example %d reversed, k = %d", name, i, k)
                            .isEqualTo(batched.get(i).value(name));
                    assertThat(threaded.get(i).value(name)).as("%s of example %d on 3 threads, k = %d", name, i, k)
                            .isEqualTo(batched.get(i).value(name));
                }
            }
        }
    }

    static Dataset images(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n * 64];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat() < 0.3 ? 1f : r.nextFloat() * 0.2f;
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
        }
        return new RowDataset("random-images", new ImageSpec(1, 8, 8), new FloatRows(v, 64), 1f, labels, List.of());
    }

    @Test
    void scoresDoNotDependOnBatchSizeOrOrderToTheLastDigit() {
        ModelConfig c = new ModelConfig(Architecture.MLP, new ImageSpec(1, 8, 8), List.of(32), 3,
                vae4j.model.Likelihood.of(null, new ImageSpec(1, 8, 8)), Init.PYTORCH, 0);
        Vae vae = Vae.create(c, 7);
        Dataset d = images(101, 5);
        List<ExampleScore> inOrder = new ArrayList<>();
        new Scorer(vae, new Scorer.Settings(13, 42, 64)).score(d, inOrder::add, done -> { });
        int[] shuffled = vae4j.loader.Batches.identity(d.size());
        Random r = new Random(9);
        for (int i = shuffled.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = t;
        }
        Map<Integer, ExampleScore> other = new HashMap<>();
        new Scorer(vae, new Scorer.Settings(13, 42, 7)).score(d, shuffled, s -> other.put(s.index(), s), done -> { });
        // the same examples as rows of a reversed array (new positions): keyed by their values, not by position
        float[][] reversed = new float[d.size()][64];
        for (int i = 0; i < d.size(); i++) {
            d.read(new int[] {i}, reversed[d.size() - 1 - i]);
        }
        List<ExampleScore> fromArrays = new Scorer(vae, new Scorer.Settings(13, 42, 1)).score(reversed);
        for (ExampleScore s : inOrder) {
            ExampleScore o = other.get(s.index());
            ExampleScore a = fromArrays.get(d.size() - 1 - s.index());
            for (String name : ExampleScore.NAMES) {
                assertThat(o.value(name)).as("%s of example %d, shuffled, batch 7", name, s.index())
                        .isEqualTo(s.value(name));
                assertThat(a.value(name)).as("%s of example %d, from arrays, batch 1", name, s.index())
                        .isEqualTo(s.value(name));
            }
            assertThat(o.label()).isEqualTo(s.label()).isEqualTo(s.index() % 3);
        }
        // and another seed gives other samples
        List<ExampleScore> seed2 = new Scorer(vae, new Scorer.Settings(13, 43, 64)).score(reversed);
        assertThat(seed2.get(0).negLogPx()).isNotEqualTo(fromArrays.get(0).negLogPx());
    }

    /** A conditional MLP VAE (3 classes of 8x8 shapes) trained briefly, with its test split. */
    static Vae trainedConditional(vae4j.data.ImageDataset train, vae4j.data.ImageDataset test)
            throws java.io.IOException {
        vae4j.train.TrainConfig t = new vae4j.train.TrainConfig(vae4j.train.OptimizerKind.ADAM, 3e-3, 50, 6, 4, 0);
        Vae vae = Vae.create(vae4j.train.FamilyTrainingTest.conditional(), t.seed());
        new vae4j.train.Trainer(vae, t, vae4j.engine.Devices.cpu()).fit(train, test,
                new vae4j.train.TrainingListener() { });
        return vae;
    }

    @Test
    void aConditionalModelScoresEachExampleWithItsOwnLabelWhateverTheBatching() throws java.io.IOException {
        vae4j.data.ImageDataset test = vae4j.train.FamilyTrainingTest.shapes("shapes/test", 150, 2);
        Vae vae = trainedConditional(vae4j.train.FamilyTrainingTest.shapes("shapes/train", 900, 1), test);
        List<ExampleScore> inOrder = new ArrayList<>();
        new Scorer(vae, new Scorer.Settings(50, 5, 64)).score(test, inOrder::add, done -> { });
        int[] shuffled = vae4j.loader.Batches.identity(test.size());
        Random r = new Random(3);
        for (int i = shuffled.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = t;
        }
        Map<Integer, ExampleScore> other = new HashMap<>();
        new Scorer(vae, new Scorer.Settings(50, 5, 11)).score(test, shuffled, s -> other.put(s.index(), s),
                done -> { });
        // the same rows given as arrays with their labels, one at a time
        float[][] rows = new float[test.size()][64];
        for (int i = 0; i < test.size(); i++) {
            test.read(new int[] {i}, rows[i]);
        }
        List<ExampleScore> fromArrays = new Scorer(vae, new Scorer.Settings(50, 5, 1)).score(rows, test.labels());
        List<ExampleScore> facade = vae4j.Vae4j.score(new vae4j.store.SavedModel(vae, null, null, List.of()), rows,
                test.labels(), 50, 5);
        assertThat(facade.get(7).negLogPx()).isEqualTo(fromArrays.get(7).negLogPx());
        for (ExampleScore s : inOrder) {
            assertThat(s.label()).isEqualTo(test.labels()[s.index()]);
            for (String name : ExampleScore.NAMES) {
                assertThat(other.get(s.index()).value(name)).as("%s of %d, shuffled, batch 11", name, s.index())
                        .isEqualTo(s.value(name));
                assertThat(fromArrays.get(s.index()).value(name)).as("%s of %d, arrays", name, s.index())
                        .isEqualTo(s.value(name));
            }
        }
        // peer: the evaluator's analytic KL and IWAE -log p(x|label) over the split (its own noise, k = 50)
        Evaluation.Report e = Evaluation.evaluate(vae, test, 50, false, 9, vae4j.engine.Devices.cpu(), n -> { });
        double kl = inOrder.stream().mapToDouble(ExampleScore::kl).average().orElseThrow();
        double nll = inOrder.stream().mapToDouble(ExampleScore::negLogPx).average().orElseThrow();
        assertThat(kl).isCloseTo(e.kl(), within(1e-4 * Math.abs(e.kl()) + 1e-6));
        assertThat(nll).isCloseTo(e.negLogLikelihood(), within(0.01 * Math.abs(e.negLogLikelihood())));
        // the labels are used: the wrong class makes most pictures far less likely
        int[] wrong = new int[test.size()];
        for (int i = 0; i < wrong.length; i++) {
            wrong[i] = (test.labels()[i] + 1) % 3;
        }
        List<ExampleScore> mislabelled = new Scorer(vae, new Scorer.Settings(50, 5, 64)).score(rows, wrong);
        long worse = 0;
        for (int i = 0; i < rows.length; i++) {
            worse += mislabelled.get(i).negLogPx() > inOrder.get(i).negLogPx() ? 1 : 0;
        }
        assertThat(worse).as("examples scored worse with a wrong label").isGreaterThanOrEqualTo(rows.length * 9 / 10);
        // no labels, or labels outside the classes: refused before any work, naming the problem
        Dataset unlabelled = new RowDataset("loose", new ImageSpec(1, 8, 8), new FloatRows(new float[2 * 64], 64),
                1f, null, List.of());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Scorer(vae, new Scorer.Settings(5, 1, 8))
                .score(unlabelled, x -> { }, n -> { })).hasMessageContaining("loose has no labels")
                .hasMessageContaining("conditional on 3 classes");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Scorer(vae, new Scorer.Settings(5, 1, 8))
                .score(rows)).hasMessageContaining("conditional");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Scorer(vae, new Scorer.Settings(5, 1, 8))
                .score(new float[][] {rows[0]}, new int[] {3})).hasMessageContaining("outside the model's classes");
    }
}
