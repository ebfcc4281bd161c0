package vae4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import vae4j.data.DataSplits;
import vae4j.engine.Devices;
import vae4j.model.Vae;
import vae4j.testing.TestData;

/** Short training runs on real Fashion-MNIST images. */
@Tag("real-data")
class TrainerTest {
    private static List<EpochMetrics> train(DataSplits d, Preset p, TrainConfig t, TrainingListener l)
            throws IOException {
        Vae vae = Vae.create(p.model(1, 28, 28), t.seed());
        return new Trainer(vae, t, Devices.cpu()).fit(d.train(), d.test(), l);
    }

    @Test
    void lossFallsOnRealImages() throws IOException {
        DataSplits d = TestData.fashionMnist().limit(600, 300);
        List<EpochMetrics> h = train(d, Preset.PYTORCH_MLP, Preset.PYTORCH_MLP.training().withEpochs(4),
                new TrainingListener() { });
        assertThat(h).hasSize(4);
        assertThat(h.get(0).testLoss()).isLessThan(543); // 784 * ln 2: where an untrained decoder starts
        assertThat(h.get(3).testLoss()).isLessThan(h.get(0).testLoss() - 20);
        assertThat(h.get(3).trainLoss()).isLessThan(h.get(0).trainLoss());
        for (EpochMetrics m : h) {
            assertThat(m.trainLoss()).isCloseTo(m.trainReconstruction() + m.trainKl(),
                    org.assertj.core.api.Assertions.within(1e-6));
            assertThat(m.trainKl()).isPositive();
            assertThat(m.imagesPerSecond()).isPositive();
        }
    }

    @Test
    void sameSeedGivesTheSameRunAndAnotherSeedDoesNot() throws IOException {
        DataSplits d = TestData.fashionMnist().limit(400, 100);
        TrainConfig t = Preset.KERAS_CONV.training().withEpochs(2).withBatchSize(50);
        List<EpochMetrics> a = train(d, Preset.KERAS_CONV, t, new TrainingListener() { });
        List<EpochMetrics> b = train(d, Preset.KERAS_CONV, t, new TrainingListener() { });
        List<EpochMetrics> c = train(d, Preset.KERAS_CONV, t.withSeed(2), new TrainingListener() { });
        for (int i = 0; i < 2; i++) {
            assertThat(b.get(i).trainLoss()).isEqualTo(a.get(i).trainLoss());
            assertThat(b.get(i).testLoss()).isEqualTo(a.get(i).testLoss());
        }
        assertThat(c.get(1).testLoss()).isNotEqualTo(a.get(1).testLoss());
    }

    @Test
    void nativeMemoryStaysFlatAcrossEpochs() throws IOException {
        DataSplits d = TestData.fashionMnist().limit(3000, 500);
        List<Double> rss = new ArrayList<>();
        train(d, Preset.KERAS_MLP, Preset.KERAS_MLP.training().withEpochs(10), new TrainingListener() {
            @Override
            public void onEpoch(EpochMetrics m) {
                System.gc();
                rss.add(ProcessMemory.rssMib());
            }
        });
        assertThat(rss.get(0)).isPositive();
        // 10 epochs x 24 batches: a leak of even one activation tensor per batch would add ~100 MiB
        assertThat(rss.get(9) - rss.get(2)).as("RSS growth from epoch 3 to 10, MiB: %s", rss).isLessThan(30);
    }

    @Test
    void divergenceNamesEpochBatchAndTerm() throws IOException {
        DataSplits d = TestData.fashionMnist().limit(512, 64);
        TrainConfig t = Preset.PYTORCH_MLP.training().withLearningRate(1e6).withEpochs(3);
        assertThatThrownBy(() -> train(d, Preset.PYTORCH_MLP, t, new TrainingListener() { }))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageMatching("training diverged at epoch \\d+, batch \\d+: .*(reconstruction|KL|both).*"
                        + "z_log_var in .*");
    }

    @Test
    void batchLargerThanTheDataIsRejected() throws IOException {
        DataSplits d = TestData.fashionMnist().limit(100, 10);
        assertThatThrownBy(() -> train(d, Preset.PYTORCH_MLP, Preset.PYTORCH_MLP.training(),
                new TrainingListener() { })).hasMessageContaining("batch size 128 is larger than the training set"
                + " (100 examples)");
    }

    @Test
    void configValuesAreValidated() {
        TrainConfig t = Preset.PYTORCH_MLP.training();
        assertThatThrownBy(() -> t.withLearningRate(-0.1)).hasMessageContaining("got -0.1");
        assertThatThrownBy(() -> t.withLearningRate(Double.NaN)).hasMessageContaining("got NaN");
        assertThatThrownBy(() -> t.withBatchSize(0)).hasMessageContaining("batch size must be >= 1, got 0");
        assertThatThrownBy(() -> t.withEpochs(0)).hasMessageContaining("epochs must be >= 1, got 0");
    }
}
