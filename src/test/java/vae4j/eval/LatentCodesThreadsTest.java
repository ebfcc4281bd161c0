package vae4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import vae4j.data.Dataset;
import vae4j.data.ImageSpec;
import vae4j.engine.Devices;
import vae4j.model.Architecture;
import vae4j.model.Init;
import vae4j.model.ModelConfig;
import vae4j.model.Vae;

class LatentCodesThreadsTest {
    @Test
    void batchesOnSeveralThreadsGiveTheSameCodesToTheLastBit() {
        ModelConfig c = new ModelConfig(Architecture.MLP, new ImageSpec(1, 8, 8), List.of(32), 3,
                vae4j.model.Likelihood.of(null, new ImageSpec(1, 8, 8)), Init.PYTORCH, 0);
        Vae vae = Vae.create(c, 11);
        // 2,537 examples: 3 batches of 1,000 (the last one short), so rounds of 2 and 3 threads end differently
        Dataset d = ScorerTest.images(2537, 9);
        LatentCodes one = LatentCodes.encode(vae, d, Devices.cpu());
        for (int threads : new int[] {2, 3, 5}) {
            LatentCodes many = LatentCodes.encode(vae, d, Devices.cpu(), threads);
            assertThat(many.size()).isEqualTo(d.size());
            assertThat(many.mean()).as("%d threads", threads).isEqualTo(one.mean());
            assertThat(many.logVar()).as("%d threads", threads).isEqualTo(one.logVar());
            assertThat(many.labels()).isEqualTo(d.labels());
        }
        // and the codes are not all the same value (a wrong offset would leave zeros behind)
        assertThat(one.mean()).doesNotContain(0f);
        assertThatThrownBy(() -> LatentCodes.encode(vae, d, Devices.cpu(), 0))
                .hasMessageContaining("threads must be >= 1");
    }
}
