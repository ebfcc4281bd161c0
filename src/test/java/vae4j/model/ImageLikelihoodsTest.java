package vae4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import vae4j.data.ImageSpec;
import vae4j.engine.Tensors;

/**
 * The new image likelihoods against answers computed here independently: the continuous Bernoulli density integrates
 * to 1 over [0, 1] (numerical integral, Simpson's rule) for logits far from, near and at 0, where the closed form's
 * normaliser cancels catastrophically, and its mean is the integral of x p(x); the learned-variance Gaussian matches
 * the normal density written out by hand.
 */
class ImageLikelihoodsTest {
    private static final ImageSpec ONE_PIXEL = new ImageSpec(1, 1, 1);
    private static final int STEPS = 4000;

    /** Simpson's rule for the integral over [0, 1] of x^power p(x|l), the density evaluated at all nodes at once. */
    private static double integral(Likelihood lik, double logit, int power) {
        int n = STEPS + 1;
        float[] xs = new float[n];
        float[] ls = new float[n];
        for (int i = 0; i < n; i++) {
            xs[i] = (float) ((double) i / STEPS);
            ls[i] = (float) logit;
        }
        float[] nll;
        try (PointerScope s = new PointerScope()) {
            nll = Tensors.toFloats(lik.negLogLikelihood(Tensors.floats(ls, n, 1, 1, 1), Tensors.floats(xs, n, 1, 1, 1)));
        }
        double h = 1.0 / STEPS;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double w = i == 0 || i == STEPS ? 1 : i % 2 == 1 ? 4 : 2;
            sum += w * Math.pow(xs[i], power) * Math.exp(-nll[i]);
        }
        return sum * h / 3;
    }

    @Test
    void continuousBernoulliIsANormalisedDensityIncludingNearOneHalf() {
        Likelihood cb = Likelihood.of("continuous-bernoulli", ONE_PIXEL);
        double[] logits = {-15, -4, -1, -0.2, -0.0401, -0.0399, -0.01, -1e-4, -1e-7, 0, 1e-7, 1e-4, 0.01, 0.0399,
                0.0401, 0.2, 1, 4, 15};
        for (double l : logits) {
            assertThat(integral(cb, l, 0)).as("integral of p(x|l=%s)", l).isCloseTo(1.0, within(2e-5));
            double mean;
            try (PointerScope s = new PointerScope()) {
                mean = cb.mean(Tensors.floats(new float[] {(float) l}, 1, 1, 1, 1)).item_double();
            }
            assertThat(mean).as("mean at l=%s", l).isCloseTo(integral(cb, l, 1), within(2e-5));
        }
    }

    @Test
    void continuousBernoulliNormaliserHasFiniteGradientsAtOneHalf() {
        try (PointerScope s = new PointerScope()) {
            Tensor l = Tensors.floats(new float[] {0f, 1e-6f, -0.039f, 0.041f, 30f}, 5).requires_grad_(true);
            Tensor logC = ContinuousBernoulliLikelihood.logNormalizer(l);
            logC.sum().backward();
            float[] g = Tensors.toFloats(l.grad());
            float[] v = Tensors.toFloats(logC);
            // d/dl log C = 1/l - 1/sinh(l): 0 at l = 0, l/6 near it
            double[] expected = {0, 1e-6 / 6, 1 / -0.039 - 1 / Math.sinh(-0.039), 1 / 0.041 - 1 / Math.sinh(0.041),
                    1 / 30.0 - 1 / Math.sinh(30)};
            for (int i = 0; i < g.length; i++) {
                assertThat((double) g[i]).isCloseTo(expected[i], within(1e-5));
            }
            assertThat((double) v[0]).isCloseTo(Math.log(2), within(1e-7));
            assertThat((double) v[4]).isCloseTo(Math.log(30 / Math.tanh(15)), within(1e-5));
        }
    }

    @Test
    void learnedGaussianIsTheNormalDensityPerPixelOrShared() {
        ImageSpec two = new ImageSpec(1, 1, 2);
        float[] params = {0.3f, -1.2f, 0.5f, -0.7f}; // mean logits (2 pixels), then log-variances
        float[] x = {0.4f, 0.1f};
        double[] mu = {1 / (1 + Math.exp(-0.3)), 1 / (1 + Math.exp(1.2))};
        double[] perPixel = {0.5, -0.7};
        double shared = (0.5 - 0.7) / 2;
        double expectPixel = 0;
        double expectShared = 0;
        for (int i = 0; i < 2; i++) {
            expectPixel += -logNormal(x[i], mu[i], perPixel[i]);
            expectShared += -logNormal(x[i], mu[i], shared);
        }
        try (PointerScope s = new PointerScope()) {
            Tensor p = Tensors.floats(params, 1, 2, 1, 2);
            Tensor xt = Tensors.floats(x, 1, 1, 1, 2);
            Likelihood pixel = Likelihood.of("gaussian-learned", two);
            Likelihood sh = Likelihood.of("gaussian-shared", two);
            assertThat(pixel.outputShape(3)).containsExactly(3, 2, 1, 2);
            assertThat(pixel.negLogLikelihood(p, xt).item_double()).isCloseTo(expectPixel, within(1e-5));
            assertThat(sh.negLogLikelihood(p, xt).item_double()).isCloseTo(expectShared, within(1e-5));
            assertThat((double) Tensors.toFloats(pixel.mean(p))[1]).isCloseTo(mu[1], within(1e-6));
        }
    }

    private static double logNormal(double x, double mean, double logVar) {
        return -0.5 * ((x - mean) * (x - mean) / Math.exp(logVar) + logVar + Math.log(2 * Math.PI));
    }

    /**
     * Bernoulli -log p(x|z) of s samples per example, the examples broadcast over the samples, against the binary
     * cross-entropy written out here in double precision ({@code max(l,0) - l x + log(1 + exp(-|l|))}), with logits
     * beyond softplus's linear threshold (|l| > 20) included; and against the per-row path on a repeated target.
     */
    @Test
    void bernoulliOfSamplesIsTheCrossEntropyOfEachSampleWithItsExample() {
        ImageSpec img = new ImageSpec(1, 3, 5);
        Likelihood lik = Likelihood.of("bernoulli", img);
        int s = 4;
        int b = 3;
        int f = img.features();
        java.util.Random r = new java.util.Random(11);
        float[] logits = new float[s * b * f];
        float[] x = new float[b * f];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (r.nextGaussian() * (i % 7 == 0 ? 40 : 3));
        }
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 5 == 0 ? 0f : i % 5 == 1 ? 1f : r.nextFloat();
        }
        float[] got;
        float[] perRow;
        try (PointerScope scope = new PointerScope()) {
            Tensor params = Tensors.floats(logits, s * b, 1, 3, 5);
            Tensor xs = Tensors.floats(x, b, 1, 3, 5);
            got = Tensors.toFloats(lik.negLogLikelihoodOfSamples(params, xs, s));
            perRow = Tensors.toFloats(lik.negLogLikelihood(params, xs.repeat(s, 1, 1, 1)));
        }
        assertThat(got).hasSize(s * b);
        for (int j = 0; j < s; j++) {
            for (int i = 0; i < b; i++) {
                double want = 0;
                for (int p = 0; p < f; p++) {
                    double l = logits[(j * b + i) * f + p];
                    double v = x[i * f + p];
                    want += Math.max(l, 0) - l * v + Math.log1p(Math.exp(-Math.abs(l)));
                }
                assertThat((double) got[j * b + i]).as("sample %d of example %d", j, i)
                        .isCloseTo(want, within(1e-5 * Math.max(1, want)));
                assertThat(got[j * b + i]).isCloseTo(perRow[j * b + i], within(1e-5f * Math.max(1, perRow[j * b + i])));
            }
        }
    }
}
