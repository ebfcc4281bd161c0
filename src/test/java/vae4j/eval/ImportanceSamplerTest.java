package vae4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import vae4j.engine.Tensors;

/**
 * The estimator on a linear-Gaussian model where everything is known exactly: z ~ N(0, 1), x | z ~ N(w z + b, s2 I)
 * in two dimensions, so p(x) = N(b, w w^T + s2 I) and the posterior p(z|x) is Gaussian.
 */
class ImportanceSamplerTest {
    static final double[] W = {1.5, -0.8};
    static final double[] B = {0.3, 0.1};
    static final double S2 = 0.25;
    static final double[] X = {2.0, -1.2};

    /** log p(x|z) = sum_d log N(x_d; w_d z + b_d, s2), for z [s, 1, 1]. */
    static Tensor logLik(Tensor x, Tensor z) {
        Tensor w = Tensors.floats(new float[] {(float) W[0], (float) W[1]}, 1, 1, 2);
        Tensor b = Tensors.floats(new float[] {(float) B[0], (float) B[1]}, 1, 1, 2);
        Tensor mu = z.mul(w).add(b);                       // [s, 1, 2]
        Tensor d = x.unsqueeze(0).sub(mu);                 // [s, 1, 2]
        return d.square().div(Tensors.scalar(S2)).add(Tensors.scalar(Math.log(2 * Math.PI * S2)))
                .mul(Tensors.scalar(-0.5)).sum(2);         // [s, 1]
    }

    /** log N(x; b, w w^T + s2 I), by hand (2x2 determinant and inverse). */
    static double exactLogMarginal() {
        double a = W[0] * W[0] + S2;
        double c = W[1] * W[1] + S2;
        double off = W[0] * W[1];
        double det = a * c - off * off;
        double d0 = X[0] - B[0];
        double d1 = X[1] - B[1];
        double quad = (c * d0 * d0 - 2 * off * d0 * d1 + a * d1 * d1) / det;
        return -0.5 * (quad + Math.log(det) + 2 * Math.log(2 * Math.PI));
    }

    /** The exact posterior N(m, v): v = 1 / (1 + |w|^2 / s2), m = v w.(x - b) / s2. */
    static double[] posterior() {
        double v = 1 / (1 + (W[0] * W[0] + W[1] * W[1]) / S2);
        double m = v * (W[0] * (X[0] - B[0]) + W[1] * (X[1] - B[1])) / S2;
        return new double[] {m, v};
    }

    private static vae4j.engine.Rng RNG = vae4j.engine.Rng.seeded(0);

    static double iwae(double mean, double logVar, int k) {
        try (PointerScope scope = new PointerScope()) {
            Tensor x = Tensors.floats(new float[] {(float) X[0], (float) X[1]}, 1, 2);
            Tensor lw = ImportanceSampler.logWeights(ImportanceSamplerTest::logLik, x,
                    Tensors.floats(new float[] {(float) mean}, 1, 1), Tensors.floats(new float[] {(float) logVar}, 1, 1),
                    k, 1000, RNG);
            assertThat(lw.size(1)).isEqualTo(k);
            return ImportanceSampler.logMarginal(lw).item_double();
        }
    }

    @Test
    void exactPosteriorGivesTheExactLikelihoodForAnyK() {
        RNG = vae4j.engine.Rng.seeded(1);
        double[] q = posterior();
        double exact = exactLogMarginal();
        assertThat(iwae(q[0], Math.log(q[1]), 1)).isCloseTo(exact, within(1e-4));
        assertThat(iwae(q[0], Math.log(q[1]), 50)).isCloseTo(exact, within(1e-4));
    }

    @Test
    void aPoorProposalConvergesFromBelowAsKGrows() {
        RNG = vae4j.engine.Rng.seeded(2);
        double exact = exactLogMarginal();
        // proposal: the prior N(0, 1), far from the posterior
        double k1 = 0;
        double k10 = 0;
        double k100 = 0;
        int reps = 200;
        for (int r = 0; r < reps; r++) {
            k1 += iwae(0, 0, 1) / reps;
            k10 += iwae(0, 0, 10) / reps;
            k100 += iwae(0, 0, 100) / reps;
        }
        double k5000 = iwae(0, 0, 5000);
        assertThat(k1).isLessThan(k10);
        assertThat(k10).isLessThan(k100);
        assertThat(k100).isLessThan(exact + 0.01);
        assertThat(k5000).isCloseTo(exact, within(0.05));
    }

    @Test
    void kEqualOneIsTheElboInExpectation() {
        RNG = vae4j.engine.Rng.seeded(3);
        double m = 0.4;
        double v = 0.5;
        // ELBO = E_q[log p(x|z)] + E_q[log p(z)] - E_q[log q(z)], each in closed form for Gaussian q
        double expLogLik = 0;
        for (int d = 0; d < 2; d++) {
            double r = X[d] - W[d] * m - B[d];
            expLogLik += -0.5 * ((r * r + W[d] * W[d] * v) / S2 + Math.log(2 * Math.PI * S2));
        }
        double expLogPrior = -0.5 * (m * m + v + Math.log(2 * Math.PI));
        double entropy = 0.5 * Math.log(2 * Math.PI * Math.E * v);
        double elbo = expLogLik + expLogPrior + entropy;
        try (PointerScope scope = new PointerScope()) {
            Tensor x = Tensors.floats(new float[] {(float) X[0], (float) X[1]}, 1, 2);
            Tensor lw = ImportanceSampler.logWeights(ImportanceSamplerTest::logLik, x,
                    Tensors.floats(new float[] {(float) m}, 1, 1), Tensors.floats(new float[] {(float) Math.log(v)}, 1, 1),
                    200_000, 50_000, RNG);
            double mean = lw.mean().item_double();
            double se = lw.std().item_double() / Math.sqrt(lw.size(1));
            System.out.printf("k=1 mean %.4f, ELBO %.4f, standard error %.4f%n", mean, elbo, se);
            assertThat(se).isLessThan(0.02);
            assertThat(mean).isCloseTo(elbo, within(4 * se));
            assertThat(ImportanceSampler.logMarginal(lw).item_double()).isGreaterThan(elbo)
                    .isCloseTo(exactLogMarginal(), within(0.01));
        }
    }
}
