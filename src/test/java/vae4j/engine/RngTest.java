package vae4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/** The cheap ways to draw many short streams give exactly the numbers of a new generator per stream. */
class RngTest {
    @Test
    void aReseededStreamDrawnInPlaceIsANewStreamOfThatSeed() {
        long[] seeds = {42, -7, 0x9E3779B97F4A7C15L, 42};
        try (Scope scope = Scope.open(); Rng reused = Rng.seeded(123)) {
            reused.normal(5, 3); // used before: the reseed must forget this state
            Tensor block = Tensors.zeros(seeds.length, 13, 20);
            for (int i = 0; i < seeds.length; i++) {
                reused.reseed(seeds[i]);
                reused.fillNormal(block.select(0, i).narrow(0, 0, 11)); // 11 of 13 rows, as a padded block
            }
            float[] got = Tensors.toFloats(block);
            for (int i = 0; i < seeds.length; i++) {
                float[] expected;
                try (Rng fresh = Rng.seeded(seeds[i])) {
                    expected = Tensors.toFloats(fresh.normal(11, 20));
                }
                for (int j = 0; j < 13 * 20; j++) {
                    float want = j < expected.length ? expected[j] : 0f;
                    assertThat(got[i * 13 * 20 + j]).as("stream %d, value %d", i, j).isEqualTo(want);
                }
            }
            assertThat(got[0]).isNotEqualTo(got[13 * 20]); // different seeds, different numbers
        }
    }

    @Test
    void inferenceModeIsOnlyInsideTheGuard() {
        assertThat(Inference.active()).isFalse();
        try (Inference guard = Inference.enter()) {
            assertThat(Inference.active()).isTrue();
        }
        assertThat(Inference.active()).isFalse();
    }
}
