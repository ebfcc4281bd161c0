package vae4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import vae4j.train.Preset;

/** The training-memory estimate, computed from the config alone, against models actually built by the engine. */
class MemoryEstimateTest {
    @ParameterizedTest
    @EnumSource(Preset.class)
    void parameterCountMatchesTheBuiltModel(Preset p) {
        ModelConfig c = p.model(1, 28, 28);
        assertThat(MemoryEstimate.of(c, 1).parameters()).isEqualTo((double) Vae.create(c, 1).parameterCount());
    }

    @Test
    void parameterCountMatchesForOtherShapes() {
        List<ModelConfig> configs = List.of(
                Preset.PYTORCH_MLP.model(1, 28, 28).withHidden(List.of(300, 50, 7)).withLatentDim(5),
                Preset.KERAS_CONV.model(3, 32, 32).withHidden(List.of(8, 12, 10)).withLatentDim(3),
                Preset.KERAS_CONV.model(3, 32, 32).withHidden(List.of(8, 12, 16, 10)).withLatentDim(3),
                Preset.KERAS_CONV.model(1, 16, 16).withHidden(List.of(5, 7)),
                Preset.KERAS_CONV_2017.model(1, 20, 24).withHidden(List.of(6, 9)),
                Preset.TABLE_MLP.model(new vae4j.data.TableSpec(List.of(vae4j.data.Column.numeric("a", 0, 1),
                        vae4j.data.Column.coded("b", List.of("x", "y", "z"), true),
                        vae4j.data.Column.coded("c", List.of("n", "y"), false)))));
        for (ModelConfig c : configs) {
            assertThat(MemoryEstimate.of(c, 1).parameters()).as(c.toString())
                    .isEqualTo((double) Vae.create(c, 1).parameterCount());
        }
    }

    @Test
    void activationsCoverEveryLayerOutputOfTheSummary() {
        for (Preset p : Preset.values()) {
            Vae vae = Vae.create(p.model(1, 28, 28), 1);
            ModelSummary s = ModelSummary.of(vae.config());
            // the largest layer output must be counted, and the total is at least the decoder's outputs
            long largest = 0;
            long decoder = 0;
            for (ModelSummary.Row r : s.decoder()) {
                long n = Arrays.stream(r.shape()).reduce(1, (a, b) -> a * b);
                largest = Math.max(largest, n);
                decoder += n;
            }
            MemoryEstimate e = MemoryEstimate.of(vae.config(), 1);
            assertThat(e.activationUnits()).as(p.id()).isGreaterThanOrEqualTo(largest);
            assertThat(e.activationUnits()).as(p.id()).isGreaterThanOrEqualTo(decoder / 2.0);
        }
    }

    @Test
    void bytesAreFourCopiesOfTheParametersPlusBatchTimesActivations() {
        ModelConfig c = Preset.KERAS_MLP.model(1, 28, 28);
        MemoryEstimate one = MemoryEstimate.of(c, 1);
        MemoryEstimate hundred = MemoryEstimate.of(c, 101);
        // 807,700 parameters x (weights, gradients, 2 Adam moments) x 4 bytes
        assertThat(MemoryEstimate.of(c, 0).bytes()).isEqualTo(807_700.0 * 16);
        assertThat(hundred.bytes() - one.bytes()).isEqualTo(100 * (one.bytes() - 807_700.0 * 16));
        assertThat(one.describe()).contains("8.08e+05 parameters x 16 bytes", "batch 1");
    }

    @Test
    void availableMemoryIsPositiveAndBelowTheMachineTotal() {
        long a = MemoryEstimate.availableBytes();
        assertThat(a).isPositive();
        assertThat(a).isLessThan(1L << 50);
    }
}
