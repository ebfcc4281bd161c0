package vae4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vae4j.data.DataSplits;
import vae4j.engine.Devices;
import vae4j.io.SafeTensors;
import vae4j.model.Vae;
import vae4j.store.DatasetInfo;
import vae4j.store.ModelDirectory;
import vae4j.store.SavedModel;
import vae4j.testing.TestData;

/**
 * A run interrupted and resumed from its checkpoint ends with the same weights as the run left alone. Exact by
 * construction: the random draws depend only on (seed, epoch, batch), the weights are stored as float32 exactly and
 * the optimiser state (Adam's moments and step counts) is libtorch's own serialisation.
 */
@Tag("real-data")
class ResumeTest {
    @TempDir
    Path tmp;

    static final Preset PRESET = Preset.KERAS_MLP;

    private static Trainer trainer(Vae vae, TrainConfig t) {
        return new Trainer(vae, t, Devices.cpu());
    }

    private static Map<String, SafeTensors.Entry> weights(Path modelDir) throws IOException {
        return SafeTensors.read(modelDir.resolve("weights.safetensors"));
    }

    private SavedModel checkpoint(Path dir, Vae vae, Trainer tr, TrainConfig t) throws IOException {
        SavedModel s = new SavedModel(vae, t, new DatasetInfo("f", "x", 1, 1, "t"), tr.history(), tr.progress());
        ModelDirectory.save(dir, s, folder -> tr.saveOptimizerState(folder.resolve("optimizer.pt")));
        return s;
    }

    private static double maxDifference(Map<String, SafeTensors.Entry> a, Map<String, SafeTensors.Entry> b) {
        double max = 0;
        for (String k : a.keySet()) {
            float[] x = a.get(k).values();
            float[] y = b.get(k).values();
            for (int i = 0; i < x.length; i++) {
                max = Math.max(max, Math.abs(x[i] - y[i]));
            }
        }
        return max;
    }

    @Test
    void fourEpochsStraightEqualTwoPlusTwoAndAMidEpochStop() throws IOException {
        DataSplits d = TestData.fashionMnist().limit(1000, 200);
        TrainConfig t = PRESET.training().withEpochs(4);

        Vae straight = Vae.create(PRESET.model(1, 28, 28), t.seed());
        Trainer a = trainer(straight, t);
        a.fit(d.train(), d.test(), new TrainingListener() { });
        checkpoint(tmp.resolve("straight"), straight, a, t);

        // 2 epochs, checkpoint, resume for 2 more
        Vae first = Vae.create(PRESET.model(1, 28, 28), t.seed());
        Trainer b = trainer(first, t.withEpochs(2));
        b.fit(d.train(), d.test(), new TrainingListener() { });
        checkpoint(tmp.resolve("resumed"), first, b, t.withEpochs(2));
        SavedModel saved = ModelDirectory.load(tmp.resolve("resumed"));
        Trainer c = trainer(saved.model(), t);
        c.loadOptimizerState(tmp.resolve("resumed/optimizer.pt"));
        c.restore(saved.history(), saved.progress());
        c.fit(d.train(), d.test(), new TrainingListener() { });
        checkpoint(tmp.resolve("resumed"), saved.model(), c, t);

        // stopped in the middle of epoch 3 (batch 5 of 8), checkpointed, resumed
        Vae third = Vae.create(PRESET.model(1, 28, 28), t.seed());
        Trainer e = trainer(third, t);
        e.fit(d.train(), d.test(), new TrainingListener() {
            @Override
            public void onBatch(int epoch, int batch, double loss) {
                if (epoch == 3 && batch == 5) {
                    e.requestStop();
                }
            }
        });
        assertThat(e.stopped()).isTrue();
        assertThat(e.progress().epoch()).isEqualTo(3);
        assertThat(e.progress().batchesDone()).isEqualTo(5);
        checkpoint(tmp.resolve("stopped"), third, e, t);
        SavedModel mid = ModelDirectory.load(tmp.resolve("stopped"));
        assertThat(mid.progress()).isEqualTo(e.progress());
        Trainer f = trainer(mid.model(), t);
        f.loadOptimizerState(tmp.resolve("stopped/optimizer.pt"));
        f.restore(mid.history(), mid.progress());
        List<EpochMetrics> h = f.fit(d.train(), d.test(), new TrainingListener() { });
        checkpoint(tmp.resolve("stopped"), mid.model(), f, t);

        var reference = weights(tmp.resolve("straight"));
        double twoPlusTwo = maxDifference(reference, weights(tmp.resolve("resumed")));
        double midEpoch = maxDifference(reference, weights(tmp.resolve("stopped")));
        System.out.printf("resume: max |weight difference| 2+2 = %g, mid-epoch stop = %g%n", twoPlusTwo, midEpoch);
        assertThat(twoPlusTwo).isLessThanOrEqualTo(1e-6);
        assertThat(midEpoch).isLessThanOrEqualTo(1e-6);
        assertThat(h).hasSize(4);
        assertThat(h.get(3).testLoss()).isEqualTo(a.history().get(3).testLoss());
        assertThat(h.get(2).trainLoss()).isCloseTo(a.history().get(2).trainLoss(),
                org.assertj.core.api.Assertions.within(1e-9));
    }
}
