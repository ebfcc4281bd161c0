package vae4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import vae4j.data.ImageSpec;
import vae4j.engine.Tensors;

/** The loss terms against closed forms computed by hand in double precision. */
class LossTermsTest {
    @Test
    void klMatchesClosedForm() {
        try (PointerScope scope = new PointerScope()) {
            float[] mean = {0f, 0f, 1f, -2f, 0.5f, 3f};
            float[] logVar = {0f, 0f, (float) Math.log(4), 0f, -1f, 2f};
            Tensor kl = Gaussians.klToStandardNormal(Tensors.floats(mean, 3, 2), Tensors.floats(logVar, 3, 2));
            float[] got = Tensors.toFloats(kl);
            for (int i = 0; i < 3; i++) {
                double expected = 0;
                for (int j = 0; j < 2; j++) {
                    double m = mean[2 * i + j];
                    double lv = logVar[2 * i + j];
                    expected += -0.5 * (1 + lv - m * m - Math.exp(lv));
                }
                assertThat((double) got[i]).isCloseTo(expected, within(1e-5));
            }
            assertThat(got[0]).isZero();
            // row 2 by hand: 0.5*(4 - ln 4 - 1 + 1) + 0.5*(4) = 3.3069
            assertThat((double) got[1]).isCloseTo(0.5 * (4 + 1 - Math.log(4) - 1) + 2, within(1e-5));
        }
    }

    @Test
    void bernoulliFromLogitsMatchesClosedFormAndStaysFiniteAtExtremes() {
        try (PointerScope scope = new PointerScope()) {
            float[] logits = {-3f, 0f, 2.5f, 10f, -100f, 100f};
            float[] x = {0f, 0.3f, 1f, 0.2f, 1f, 0f};
            Tensor nll = new BernoulliLikelihood(new ImageSpec(1, 2, 3)).negLogLikelihood(Tensors.floats(logits, 1, 1, 2, 3),
                    Tensors.floats(x, 1, 1, 2, 3));
            double expected = 0;
            for (int i = 0; i < logits.length; i++) {
                double l = logits[i];
                // -[x log s(l) + (1-x) log(1 - s(l))] written with log1p for the extremes
                double logSig = -Math.log1p(Math.exp(-Math.abs(l))) + Math.min(l, 0);
                double logOneMinus = -Math.log1p(Math.exp(-Math.abs(l))) + Math.min(-l, 0);
                expected -= x[i] * logSig + (1 - x[i]) * logOneMinus;
            }
            double got = Tensors.toFloats(nll)[0];
            assertThat(got).isFinite().isCloseTo(expected, within(1e-3 * Math.abs(expected)));
            assertThat(expected).isGreaterThan(150); // the two confident mistakes dominate: 100 nats each
            Tensor sum = new BernoulliLikelihood(new ImageSpec(1, 2, 3)).negLogLikelihoodSum(Tensors.floats(logits, 1, 1, 2, 3),
                    Tensors.floats(x, 1, 1, 2, 3));
            assertThat(sum.item_double()).isCloseTo(got, within(1e-3));
        }
    }

    @Test
    void gaussianIsTheSquaredErrorPlusItsNormaliser() {
        try (PointerScope scope = new PointerScope()) {
            float[] logits = {0f, 1f, -1f, 2f};
            float[] x = {0.5f, 0f, 1f, 0.9f};
            Tensor nll = new GaussianLikelihood(new ImageSpec(1, 2, 2)).negLogLikelihood(Tensors.floats(logits, 1, 1, 2, 2),
                    Tensors.floats(x, 1, 1, 2, 2));
            double expected = 0;
            for (int i = 0; i < 4; i++) {
                double mu = 1 / (1 + Math.exp(-logits[i]));
                // -log N(x; mu, 1/2) = (x - mu)^2 + 0.5 log(pi)
                expected += (x[i] - mu) * (x[i] - mu) + 0.5 * Math.log(Math.PI);
            }
            assertThat((double) Tensors.toFloats(nll)[0]).isCloseTo(expected, within(1e-5));
        }
    }

    @Test
    void reparameterisedSampleHasTheRightMomentsAndGradient() {
        try (PointerScope scope = new PointerScope()) {
            int n = 200_000;
            float[] m = new float[n];
            float[] lv = new float[n];
            java.util.Arrays.fill(m, 1.5f);
            java.util.Arrays.fill(lv, (float) Math.log(0.25));
            Tensor mean = Tensors.floats(m, n, 1).set_requires_grad(true);
            Tensor logVar = Tensors.floats(lv, n, 1).set_requires_grad(true);
            Tensor z = Gaussians.sample(mean, logVar, vae4j.engine.Rng.seeded(3));
            float[] zs = Tensors.toFloats(z);
            double mu = 0;
            double var = 0;
            for (float v : zs) {
                mu += v / n;
            }
            for (float v : zs) {
                var += (v - mu) * (v - mu) / (n - 1);
            }
            assertThat(mu).isCloseTo(1.5, within(0.01));
            assertThat(var).isCloseTo(0.25, within(0.01));
            z.sum().backward();
            assertThat(Tensors.toFloats(mean.grad())[0]).isEqualTo(1f); // dz/dmean = 1
        }
    }
}
