package vae4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Latent paths against hand-checked cases. */
class LatentPathsTest {
    @Test
    void traversalSweepsOneDimensionAndKeepsTheOthers() {
        float[] z = LatentPaths.traversal(new float[] {0.5f, -1f, 2f}, 1, 7, 3);
        assertThat(z).hasSize(21);
        for (int i = 0; i < 7; i++) {
            assertThat(z[i * 3]).isEqualTo(0.5f);
            assertThat(z[i * 3 + 1]).isEqualTo(-3f + i);
            assertThat(z[i * 3 + 2]).isEqualTo(2f);
        }
        assertThatThrownBy(() -> LatentPaths.traversal(new float[2], 2, 5, 3)).hasMessageContaining("outside");
    }

    @Test
    void linearAndSphericalInterpolation() {
        float[] a = {3, 0};
        float[] b = {0, 3};
        float[] lin = LatentPaths.linear(a, b, 3);
        assertThat(lin).containsExactly(3, 0, 1.5f, 1.5f, 0, 3);
        float[] sph = LatentPaths.spherical(a, b, 3);
        // a quarter circle of radius 3: the midpoint is at 45 degrees, on the circle (the line's midpoint is inside)
        double h = 3 / Math.sqrt(2);
        assertThat((double) sph[0]).isCloseTo(3, within(1e-6));
        assertThat((double) sph[2]).isCloseTo(h, within(1e-6));
        assertThat((double) sph[3]).isCloseTo(h, within(1e-6));
        assertThat((double) sph[5]).isCloseTo(3, within(1e-6));
        // parallel codes: no angle to follow, the linear path
        assertThat(LatentPaths.spherical(new float[] {1, 1}, new float[] {2, 2}, 3))
                .containsExactly(LatentPaths.linear(new float[] {1, 1}, new float[] {2, 2}, 3));
    }
}
