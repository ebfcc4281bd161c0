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
 * in the direction that does not matter. keras-conv is compared on the mean of seeds 1 and 2 after 6 epochs of 60,000
 * images: its short run (3 x 20,000) moved by up to 7 nats between the precisions with one seed (+0.85, +7.38, +0.18
 * for seeds 1 to 3) while the 6-epoch runs differ by +0.67 and -0.51, about the size of one epoch's wobble (bf16's
 * seed-1 run went 269.15 -> 269.78 from epoch 5 to 6). Minutes long (about 20): tagged {@code slow}
 * ({@code mvn test -Dgroups=slow -Dtest.excludedGroups= -Dtest=MixedPrecisionAcceptanceTest}).
 */
@Tag("slow")
@Tag("real-data")
class MixedPrecisionAcceptanceTest {
    private static double finalTestLoss(Preset p, Precision precision, int epochs, int trainImages, long seed)
            throws IOException {
        DataSplits d = TestData.fashionMnist().limit(trainImages, 10_000);
        TrainConfig t = p.training().withEpochs(epochs).withPrecision(precision).withSeed(seed);
        Vae vae = Vae.create(p.model(1, 28, 28), t.seed());
        List<EpochMetrics> h = new Trainer(vae, t, Devices.cpu()).fit(d.train(), d.test(), new TrainingListener() {
            @Override
            public void onEpoch(EpochMetrics m) {
                System.out.printf("%s %s seed %d epoch %d: test -ELBO %.2f, %.0f img/s%n", p.id(), precision.id(),
                        seed, m.epoch(), m.testLoss(), m.imagesPerSecond());
            }
        });
        return h.get(h.size() - 1).testLoss();
    }

    @ParameterizedTest
    @CsvSource({"pytorch-mlp, 10, 60000, 1", "keras-mlp, 10, 60000, 1", "keras-mlp-2017, 10, 60000, 1",
        "keras-conv, 6, 60000, 2", "keras-conv-2017, 3, 6000, 1"})
    void bf16EndsWithinHalfANatOfFp32(String preset, int epochs, int trainImages, int seeds) throws IOException {
        Preset p = Preset.parse(preset);
        double fp32 = 0;
        double bf16 = 0;
        for (long seed = 1; seed <= seeds; seed++) {
            fp32 += finalTestLoss(p, Precision.FP32, epochs, trainImages, seed) / seeds;
            bf16 += finalTestLoss(p, Precision.BF16, epochs, trainImages, seed) / seeds;
        }
        System.out.printf("%s: test -ELBO fp32 %.2f, bf16 %.2f (difference %+.2f; mean of %d seed%s)%n", preset, fp32,
                bf16, bf16 - fp32, seeds, seeds == 1 ? "" : "s");
        assertThat(bf16).isLessThanOrEqualTo(fp32 + 0.5);
    }
}
