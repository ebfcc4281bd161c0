package vae4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import vae4j.eval.LatentCodes;

/** The plane the page draws, and the way back from a point of it to a latent vector. */
class LatentPlaneTest {
    static LatentCodes codes(float[] z, int n, int d) {
        return new LatentCodes(n, d, z, new float[n * d], null);
    }

    @Test
    void pcaPlaneMapsPointsOfAPlanarCloudBackToTheirLatentVectors() {
        // 200 points exactly on the plane c + a u + b v in 4-D (u, v orthonormal): PCA finds that plane, so the way
        // back from each point's two coordinates gives its latent vector again
        int n = 200;
        int d = 4;
        double[] c = {1, -2, 0.5, 3};
        double[] u = {0.5, 0.5, 0.5, 0.5};
        double[] v = {0.5, -0.5, 0.5, -0.5};
        Random r = new Random(1);
        float[] z = new float[n * d];
        for (int i = 0; i < n; i++) {
            double a = 3 * r.nextGaussian();
            double b = r.nextGaussian();
            for (int j = 0; j < d; j++) {
                z[i * d + j] = (float) (c[j] + a * u[j] + b * v[j]);
            }
        }
        LatentPlane p = LatentPlane.of(codes(z, n, d), null);
        assertThat(p.kind()).isEqualTo("pca");
        assertThat(p.labelX()).matches("PC1 \\(\\d+% of variance\\)");
        for (int i = 0; i < n; i++) {
            float[] back = p.toLatent(p.x()[i], p.y()[i]);
            for (int j = 0; j < d; j++) {
                assertThat((double) back[j]).as("example %d, dim %d", i, j).isCloseTo(z[i * d + j], within(1e-3));
            }
        }
    }

    @Test
    void pcaAxesAreOrthonormalOnAnyCloud() {
        int n = 300;
        int d = 5;
        Random r = new Random(2);
        float[] z = new float[n * d];
        for (int k = 0; k < z.length; k++) {
            z[k] = (float) (r.nextGaussian() * (1 + k % d));
        }
        LatentPlane p = LatentPlane.of(codes(z, n, d), null);
        double xx = 0;
        double yy = 0;
        double xy = 0;
        for (int j = 0; j < d; j++) {
            xx += p.axisX()[j] * p.axisX()[j];
            yy += p.axisY()[j] * p.axisY()[j];
            xy += p.axisX()[j] * p.axisY()[j];
        }
        assertThat(xx).isCloseTo(1, within(1e-6));
        assertThat(yy).isCloseTo(1, within(1e-6));
        assertThat(xy).isCloseTo(0, within(1e-6));
        // the largest variance is along the last dimension (std 5), then the fourth (std 4)
        assertThat(Math.abs(p.axisX()[4])).isGreaterThan(0.95);
        assertThat(Math.abs(p.axisY()[3])).isGreaterThan(0.95);
    }

    @Test
    void chosenDimensionsKeepTheOthersAtTheMean() {
        float[] z = {1, 2, 3, 3, 4, 5};
        LatentPlane p = LatentPlane.of(codes(z, 2, 3), new int[] {2, 0});
        assertThat(p.kind()).isEqualTo("dims");
        assertThat(p.x()).containsExactly(3, 5);
        assertThat(p.y()).containsExactly(1, 3);
        assertThat(p.toLatent(7, -1)).containsExactly(-1, 3, 7);
        assertThat(p.labelX()).isEqualTo("z[2]");
        assertThatThrownBy(() -> LatentPlane.of(codes(z, 2, 3), new int[] {1, 1}))
                .hasMessageContaining("two different dimensions in 0..2");
        assertThatThrownBy(() -> LatentPlane.of(codes(z, 2, 3), new int[] {0, 3}))
                .hasMessageContaining("two different dimensions");
        assertThat(LatentPlane.of(codes(new float[] {1, 2, 3, 4}, 2, 2), null).toLatent(0.5, 0.25))
                .containsExactly(0.5f, 0.25f);
    }
}
