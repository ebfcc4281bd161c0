package vae4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import vae4j.data.DataSplits;
import vae4j.engine.Devices;
import vae4j.model.Vae;
import vae4j.testing.TestData;

/**
 * The reference recipes on full Fashion-MNIST reach the quality of a replica of each recipe (244.3 and 261.1 nats).
 * Minutes long: tagged {@code slow}, run with {@code mvn test -Dgroups=slow -Dtest.excludedGroups=}.
 */
@Tag("slow")
@Tag("real-data")
class AcceptanceTest {
    private static double finalTestLoss(Preset p) throws IOException {
        DataSplits d = TestData.fashionMnist();
        TrainConfig t = p.training();
        Vae vae = Vae.create(p.model(1, 28, 28), t.seed());
        List<EpochMetrics> h = new Trainer(vae, t, Devices.cpu()).fit(d.train(), d.test(), new TrainingListener() {
            @Override
            public void onEpoch(EpochMetrics m) {
                System.out.printf("%s epoch %d: test -ELBO %.2f, %.0f img/s%n", p.id(), m.epoch(), m.testLoss(),
                        m.imagesPerSecond());
            }
        });
        return h.get(h.size() - 1).testLoss();
    }

    @Test
    void pytorchMlpTenEpochs() throws IOException {
        assertThat(finalTestLoss(Preset.PYTORCH_MLP)).isLessThanOrEqualTo(245.0);
    }

    /**
     * The same code and seed end at 261.53 on the machine of 2026-11-24 and at 262.04 on an AMD EPYC machine of
     * 2026-11-26 (the BLAS kernels differ, so the float rounding does): the bound leaves room for that spread.
     */
    @Test
    void kerasMlpFiftyEpochs() throws IOException {
        assertThat(finalTestLoss(Preset.KERAS_MLP)).isLessThanOrEqualTo(262.5);
    }
}
