package vae4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatentGridTest {
    @Test
    void linearAndInverseCdfAxes() {
        assertThat(LatentGrid.axis(5, LatentGrid.Spacing.LINEAR, 4)).containsExactly(-4, -2, 0, 2, 4);
        double[] q = LatentGrid.axis(3, LatentGrid.Spacing.INVERSE_CDF, 4);
        assertThat(q[0]).isCloseTo(-1.6448536, within(1e-6)); // Phi^-1(0.05)
        assertThat(q[1]).isCloseTo(0, within(1e-9));
        assertThat(q[2]).isCloseTo(1.6448536, within(1e-6));
    }

    @Test
    void pointsGoRowByRowWithUpPositive() {
        float[] z = LatentGrid.points(3, 4, LatentGrid.Spacing.LINEAR, 1);
        // top-left: x = -1, y = +1; other dimensions zero
        assertThat(z).startsWith(-1f, 1f, 0f, 0f);
        // bottom-right (row 2, col 2)
        int k = (2 * 3 + 2) * 4;
        assertThat(z[k]).isEqualTo(1f);
        assertThat(z[k + 1]).isEqualTo(-1f);
    }

    @Test
    void pcaFindsTheDominantDirection() {
        int n = 500;
        float[] p = new float[n * 3];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < n; i++) {
            double t = r.nextGaussian() * 5;
            p[3 * i] = (float) t;
            p[3 * i + 1] = (float) (2 * t + r.nextGaussian() * 0.1);
            p[3 * i + 2] = (float) (r.nextGaussian() * 0.5);
        }
        Pca pca = Pca.project(p, n, 3);
        assertThat(pca.explained1()).isGreaterThan(0.98);
        assertThat(pca.explained1() + pca.explained2()).isLessThanOrEqualTo(1.0 + 1e-9);
    }
}
