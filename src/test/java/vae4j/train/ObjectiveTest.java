package vae4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import vae4j.data.ImageSpec;
import vae4j.engine.Rng;
import vae4j.engine.Tensors;
import vae4j.model.Architecture;
import vae4j.model.Init;
import vae4j.model.ModelConfig;
import vae4j.model.Vae;

/**
 * The objectives against closed forms. The IWAE bound is checked on a linear-Gaussian model whose log p(x) is known
 * exactly: z ~ N(0, 1), x | z ~ N(w z + b, s2 I) in two dimensions, p(x) = N(b, w w^T + s2 I).
 */
class ObjectiveTest {
    static final double[] W = {1.5, -0.8};
    static final double[] B = {0.3, 0.1};
    static final double S2 = 0.25;
    static final double[] X = {2.0, -1.2};

    /** log p(x|z) for z [k, b, 1]: [k, b]. */
    static Tensor logLik(Tensor z) {
        Tensor w = Tensors.floats(new float[] {(float) W[0], (float) W[1]}, 1, 1, 2);
        Tensor b = Tensors.floats(new float[] {(float) B[0], (float) B[1]}, 1, 1, 2);
        Tensor x = Tensors.floats(new float[] {(float) X[0], (float) X[1]}, 1, 1, 2);
        Tensor d = x.sub(z.mul(w).add(b));
        return d.square().div(Tensors.scalar(S2)).add(Tensors.scalar(Math.log(2 * Math.PI * S2)))
                .mul(Tensors.scalar(-0.5)).sum(2);
    }

    static double exactLogMarginal() {
        double a = W[0] * W[0] + S2;
        double c = W[1] * W[1] + S2;
        double off = W[0] * W[1];
        double det = a * c - off * off;
        double d0 = X[0] - B[0];
        double d1 = X[1] - B[1];
        return -0.5 * ((c * d0 * d0 - 2 * off * d0 * d1 + a * d1 * d1) / det + Math.log(det)
                + 2 * Math.log(2 * Math.PI));
    }

    /** The ELBO of q = N(m, v) in closed form: E_q[log p(x|z)] + E_q[log p(z)] + H(q). */
    static double elbo(double m, double v) {
        double expLogLik = 0;
        for (int d = 0; d < 2; d++) {
            double r = X[d] - W[d] * m - B[d];
            expLogLik += -0.5 * ((r * r + W[d] * W[d] * v) / S2 + Math.log(2 * Math.PI * S2));
        }
        return expLogLik - 0.5 * (m * m + v + Math.log(2 * Math.PI)) + 0.5 * Math.log(2 * Math.PI * Math.E * v);
    }

    /** The IWAE bound averaged over {@code copies} independent copies of the one example, and its standard error. */
    static double[] bound(double m, double v, int k, int copies, long seed) {
        try (PointerScope s = new PointerScope(); Rng rng = Rng.seeded(seed)) {
            float[] mean = new float[copies];
            float[] logVar = new float[copies];
            java.util.Arrays.fill(mean, (float) m);
            java.util.Arrays.fill(logVar, (float) Math.log(v));
            Tensor b = IwaeObjective.bound(ObjectiveTest::logLik, Tensors.floats(mean, copies, 1),
                    Tensors.floats(logVar, copies, 1), k, rng);
            assertThat(b.size(0)).isEqualTo(copies);
            return new double[] {b.mean().item_double(), b.std().item_double() / Math.sqrt(copies)};
        }
    }

    @Test
    void iwaeWithOneSampleIsTheElbo() {
        double m = 0.4;
        double v = 0.5;
        double[] k1 = bound(m, v, 1, 1_000_000, 3);
        System.out.printf("IWAE k=1: %.4f +- %.4f, closed-form ELBO %.4f%n", k1[0], k1[1], elbo(m, v));
        assertThat(k1[1]).isLessThan(0.01);
        assertThat(k1[0]).isCloseTo(elbo(m, v), within(4 * k1[1]));
    }

    @Test
    void iwaeBoundRisesWithKTowardsTheExactLogLikelihood() {
        double exact = exactLogMarginal();
        double previous = Double.NEGATIVE_INFINITY;
        for (int k : new int[] {1, 5, 50, 500}) {
            double[] b = bound(0, 1, k, 4000, 10 + k); // the prior as proposal: far from the posterior
            System.out.printf("IWAE k=%d: %.4f +- %.4f (exact %.4f)%n", k, b[0], b[1], exact);
            assertThat(b[0]).isGreaterThan(previous + 3 * b[1]).isLessThan(exact + 3 * b[1] + 1e-3);
            previous = b[0];
        }
        assertThat(previous).isCloseTo(exact, within(0.05));
        // the exact posterior makes every weight p(x): the bound is log p(x) for any k
        double v = 1 / (1 + (W[0] * W[0] + W[1] * W[1]) / S2);
        double m = v * (W[0] * (X[0] - B[0]) + W[1] * (X[1] - B[1])) / S2;
        assertThat(bound(m, v, 7, 10, 1)[0]).isCloseTo(exact, within(1e-4));
    }

    @Test
    void freeBitsLeaveDimensionsAboveTheFloorUntouched() {
        try (PointerScope s = new PointerScope()) {
            Tensor kl = Tensors.floats(new float[] {0.05f, 0.3f, 2.0f, 0.49f, 0.51f}, 5).requires_grad_(true);
            Tensor shaped = ElboObjective.freeBits(kl, 0.5);
            shaped.backward();
            // below the floor: counted as the floor, no gradient; above: the KL itself, gradient 1
            assertThat(shaped.item_double()).isCloseTo(0.5 + 0.5 + 2.0 + 0.5 + 0.51, within(1e-6));
            assertThat(Tensors.toFloats(kl.grad())).containsExactly(0f, 0f, 1f, 0f, 1f);
        }
    }

    @Test
    void klSchedulesAtChosenSteps() {
        ObjectiveSpec warm = new ObjectiveSpec("elbo", 2, 4, 0, 0, 1);
        assertThat(warm.betaAt(0, 10)).isEqualTo(0);
        assertThat(warm.betaAt(1, 10)).isEqualTo(0.5);
        assertThat(warm.betaAt(3, 10)).isEqualTo(1.5);
        assertThat(warm.betaAt(4, 10)).isEqualTo(2);
        assertThat(warm.betaAt(9.5, 10)).isEqualTo(2);
        // 2 cycles over 8 epochs: period 4, ramp over its first 2 epochs, then beta
        ObjectiveSpec cyc = new ObjectiveSpec("elbo", 1, 0, 2, 0, 1);
        assertThat(cyc.betaAt(0, 8)).isEqualTo(0);
        assertThat(cyc.betaAt(1, 8)).isEqualTo(0.5);
        assertThat(cyc.betaAt(2, 8)).isEqualTo(1);
        assertThat(cyc.betaAt(3.5, 8)).isEqualTo(1);
        assertThat(cyc.betaAt(4, 8)).isEqualTo(0);
        assertThat(cyc.betaAt(5, 8)).isEqualTo(0.5);
        assertThat(cyc.betaAt(7.9, 8)).isEqualTo(1);
        assertThat(ObjectiveSpec.PLAIN.betaAt(0, 3)).isEqualTo(1);
    }

    @Test
    void theIwaePapersLearningRateSchedule() {
        LearningRateSchedule paper = LearningRateSchedule.iwae(1);
        assertThat(paper.epochs()).isEqualTo(3280); // 1 + 3 + 9 + ... + 2187
        assertThat(paper.rateAt(1, 1e-3)).isEqualTo(1e-3);
        assertThat(paper.rateAt(2, 1e-3)).isCloseTo(1e-3 * Math.pow(10, -1 / 7.0), within(1e-15));
        assertThat(paper.rateAt(4, 1e-3)).isCloseTo(1e-3 * Math.pow(10, -1 / 7.0), within(1e-15));
        assertThat(paper.rateAt(5, 1e-3)).isCloseTo(1e-3 * Math.pow(10, -2 / 7.0), within(1e-15));
        assertThat(paper.rateAt(3280, 1e-3)).isCloseTo(1e-4, within(1e-15));
        assertThat(paper.rateAt(5000, 1e-3)).isCloseTo(1e-4, within(1e-15));
        LearningRateSchedule short1 = LearningRateSchedule.iwae(0.01); // stages 1,1,1,1,1,2,7,22
        assertThat(short1.epochs()).isEqualTo(36);
        assertThat(LearningRateSchedule.NONE.rateAt(7, 0.5)).isEqualTo(0.5);
        assertThatThrownBy(() -> LearningRateSchedule.iwae(0)).hasMessageContaining("--passes-scale");
    }

    @Test
    void badSettingsAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> new ObjectiveSpec("elbo", 0, 0, 0, 0, 1)).hasMessageContaining("--beta");
        assertThatThrownBy(() -> new ObjectiveSpec("elbo", 1, 0, 0, -1, 1)).hasMessageContaining("--free-bits");
        assertThatThrownBy(() -> new ObjectiveSpec("iwae", 1, 0, 0, 0, 0)).hasMessageContaining("--k");
        assertThatThrownBy(() -> new ObjectiveSpec("vi", 1, 0, 0, 0, 1)).hasMessageContaining("--objective");
        assertThatThrownBy(() -> new ObjectiveSpec("elbo", 1, 2, 2, 0, 1)).hasMessageContaining("--kl-cycles");
    }

    @Test
    void betaWeightsTheKlAndThePlainElboIsTheModelsLoss() {
        ModelConfig c = ModelConfig.of(Architecture.MLP, new ImageSpec(1, 2, 2), java.util.List.of(8), 3,
                Init.PYTORCH);
        Vae vae = Vae.create(c, 5);
        try (PointerScope s = new PointerScope()) {
            Tensor x = Tensors.floats(new float[] {0.1f, 0.9f, 0.5f, 0.0f, 1f, 0.2f, 0.3f, 0.7f}, 2, 1, 2, 2);
            Objective.Terms plain;
            Vae.Loss direct;
            try (Rng a = Rng.seeded(9); Rng b = Rng.seeded(9)) {
                plain = Objective.of(ObjectiveSpec.PLAIN, 1).loss(vae, x, null, 0, a);
                direct = vae.loss(x, b);
            }
            assertThat(plain.objective().item_double()).isEqualTo(direct.total().item_double());
            try (Rng a = Rng.seeded(9)) {
                Objective.Terms beta = Objective.of(new ObjectiveSpec("elbo", 4, 0, 0, 0, 1), 1)
                        .loss(vae, x, null, 0, a);
                assertThat(beta.reconstruction().item_double()).isEqualTo(direct.reconstruction().item_double());
                assertThat(beta.kl().item_double()).isCloseTo(direct.kl().item_double(), within(1e-6));
                assertThat(beta.objective().item_double()).isCloseTo(direct.reconstruction().item_double()
                        + 4 * direct.kl().item_double(), within(1e-4));
            }
        }
    }
}
