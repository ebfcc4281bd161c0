package vae4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vae4j.data.DataSplits;
import vae4j.engine.Devices;
import vae4j.model.Vae;
import vae4j.testing.TestData;

/**
 * {@code --precision bf16} against fp32 on every image preset, on Fashion-MNIST: same seed, same data, same epochs;
 * the final test -ELBO (evaluated in float32) no more than 0.5 nats above fp32's. One-sided: on keras-mlp-2017 bf16
 * ended 1.24, 0.89 and 1.29 nats <em>below</em> fp32 with seeds 1, 2 and 3 (10 epochs; bench/RESULTS.md), a real difference
 * in the direction that does not matter. Minutes long: tagged {@code slow}
 * ({@code mvn test -Dgroups=slow -Dtest.excludedGroups= -Dtest=MixedPrecisionAcceptanceTest}).
 */
@Tag("slow")
@Tag("real-data")
class MixedPrecisionAcceptanceTest {
    private static double finalTestLoss(Preset p, Precision precision, int epochs, int trainImages)
            throws IOException {
        DataSplits d = TestData.fashionMnist().limit(trainImages, 10_000);
        TrainConfig t = p.training().withEpochs(epochs).withPrecision(precision);
        Vae vae = Vae.create(p.model(1, 28, 28), t.seed());
        List<EpochMetrics> h = new Trainer(vae, t, Devices.cpu()).fit(d.train(), d.test(), new TrainingListener() {
            @Override
            public void onEpoch(EpochMetrics m) {
                System.out.printf("%s %s epoch %d: test -ELBO %.2f, %.0f img/s%n", p.id(), precision.id(),
                        m.epoch(), m.testLoss(), m.imagesPerSecond());
            }
        });
        return h.get(h.size() - 1).testLoss();
    }

    @ParameterizedTest
    @CsvSource({"pytorch-mlp, 10, 60000", "keras-mlp, 10, 60000", "keras-mlp-2017, 10, 60000",
        "keras-conv, 3, 20000", "keras-conv-2017, 3, 6000"})
    void bf16EndsWithinHalfANatOfFp32(String preset, int epochs, int trainImages) throws IOException {
        Preset p = Preset.parse(preset);
        double fp32 = finalTestLoss(p, Precision.FP32, epochs, trainImages);
        double bf16 = finalTestLoss(p, Precision.BF16, epochs, trainImages);
        System.out.printf("%s: test -ELBO fp32 %.2f, bf16 %.2f (difference %+.2f)%n", preset, fp32, bf16,
                bf16 - fp32);
        assertThat(bf16).isLessThanOrEqualTo(fp32 + 0.5);
    }
}
