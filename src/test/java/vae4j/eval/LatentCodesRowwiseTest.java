package vae4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import vae4j.data.Dataset;
import vae4j.data.ImageSpec;
import vae4j.model.Architecture;
import vae4j.model.Init;
import vae4j.model.ModelConfig;
import vae4j.model.Vae;

class LatentCodesRowwiseTest {
    private static Vae mlp() {
        ModelConfig c = new ModelConfig(Architecture.MLP, new ImageSpec(1, 8, 8), List.of(32), 3,
                vae4j.model.Likelihood.of(null, new ImageSpec(1, 8, 8)), Init.PYTORCH, 0);
        return Vae.create(c, 7);
    }

    @Test
    void everyExamplesCodesAreTheSameWhateverItsCompanyToTheLastBit() {
        Vae vae = mlp();
        Dataset d = ScorerTest.images(101, 5);
        LatentCodes all = LatentCodes.encodeRowwise(vae, d);
        // the examples reversed, and in subsets of 1, 7 and 45 (other blocks, other padding, other positions)
        int n = d.size();
        int[] reversed = new int[n];
        for (int i = 0; i < n; i++) {
            reversed[i] = n - 1 - i;
        }
        LatentCodes rev = LatentCodes.encodeRowwise(vae, d.subset("reversed", reversed));
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                assertThat(rev.mean(n - 1 - i, j)).isEqualTo(all.mean(i, j));
                assertThat(rev.logVar()[(n - 1 - i) * 3 + j]).isEqualTo(all.logVar()[i * 3 + j]);
            }
        }
        for (int size : new int[] {1, 7, 45}) {
            for (int from = 0; from + size <= n; from += size + 3) {
                int[] rows = new int[size];
                for (int i = 0; i < size; i++) {
                    rows[i] = from + i;
                }
                LatentCodes part = LatentCodes.encodeRowwise(vae, d.subset("part", rows));
                for (int i = 0; i < size; i++) {
                    for (int j = 0; j < 3; j++) {
                        assertThat(part.mean(i, j)).as("example %d in a subset of %d", from + i, size)
                                .isEqualTo(all.mean(from + i, j));
                    }
                }
            }
        }
        assertThat(all.labels()).isEqualTo(d.labels());
    }

    @Test
    void theSameCodesAsTheBatchedEncoderUpToRounding() {
        Vae vae = mlp();
        Dataset d = ScorerTest.images(70, 6);
        LatentCodes rowwise = LatentCodes.encodeRowwise(vae, d);
        LatentCodes batched = LatentCodes.encode(vae, d);
        for (int i = 0; i < rowwise.mean().length; i++) {
            assertThat(rowwise.mean()[i]).isCloseTo(batched.mean()[i], within(1e-5f));
            assertThat(rowwise.logVar()[i]).isCloseTo(batched.logVar()[i], within(1e-5f));
        }
    }

    @Test
    void aConditionalModelEncodesEachExampleWithItsOwnLabel() throws java.io.IOException {
        vae4j.data.ImageDataset test = vae4j.train.FamilyTrainingTest.shapes("shapes/test", 60, 2);
        Vae vae = ScorerTest.trainedConditional(vae4j.train.FamilyTrainingTest.shapes("shapes/train", 300, 1), test);
        LatentCodes rowwise = LatentCodes.encodeRowwise(vae, test);
        LatentCodes batched = LatentCodes.encode(vae, test);
        for (int i = 0; i < rowwise.mean().length; i++) {
            assertThat(rowwise.mean()[i]).isCloseTo(batched.mean()[i], within(1e-5f));
        }
        assertThatThrownBy(() -> LatentCodes.encodeRowwise(vae, new vae4j.data.RowDataset("no-labels",
                new ImageSpec(1, 8, 8), new vae4j.data.FloatRows(new float[64], 64), 1f, null, List.of())))
                .hasMessageContaining("conditional on 3 classes");
    }
}
