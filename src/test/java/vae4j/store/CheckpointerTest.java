package vae4j.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vae4j.Vae4j;
import vae4j.data.DataSplits;
import vae4j.engine.Devices;
import vae4j.model.Vae;
import vae4j.train.EpochMetrics;
import vae4j.train.Preset;
import vae4j.train.TrainConfig;
import vae4j.train.Trainer;
import vae4j.train.TrainingListener;

/** The checkpoint policy as the library runs it: cadence, last epoch, best, lock, loss curve, optimiser state. */
class CheckpointerTest {
    @TempDir
    Path dir;

    private static final DataSplits NOISE = new DataSplits("noise", ModelDirectoryTest.noise(256),
            ModelDirectoryTest.noise(64), "random bytes");
    private static final DatasetInfo INFO = new DatasetInfo("noise", "x", 256, 64, "random bytes");

    @Test
    void checkpointsEveryNthTheLastAndEachBestEpoch() throws IOException {
        Path m = dir.resolve("m");
        TrainConfig t = Preset.PYTORCH_MLP.training().withEpochs(5).withBatchSize(64);
        Vae vae = Vae.create(StoreFixtures.TINY, t.seed());
        Trainer trainer = new Trainer(vae, t, Devices.cpu());
        List<Path> currentAfter = new ArrayList<>();
        try (Checkpointer c = Checkpointer.open(m, 2, vae, trainer, INFO)) {
            Files.writeString(m.resolve("notes.txt"), "mine");
            assertThatThrownBy(() -> TrainingLock.acquire(m)).hasMessageContaining("is being trained by another");
            trainer.fit(NOISE.train(), NOISE.test(), new TrainingListener() {
                @Override
                public void onEpoch(EpochMetrics e) throws IOException {
                    c.onEpoch(e);
                    currentAfter.add(Files.exists(m.resolve("current")) ? Files.readSymbolicLink(m.resolve("current"))
                            : null);
                }
            });
        }
        List<EpochMetrics> h = trainer.history();
        Set<Integer> expected = new TreeSet<>();
        int bestEpoch = 0;
        for (EpochMetrics e : h) {
            boolean best = h.subList(0, e.epoch()).stream().allMatch(x -> x.testLoss() >= e.testLoss());
            if (best) {
                bestEpoch = e.epoch();
            }
            if (e.epoch() % 2 == 0 || e.epoch() == 5 || best) {
                expected.add(e.epoch());
            }
        }
        Set<Integer> written = new TreeSet<>();
        for (int i = 0; i < currentAfter.size(); i++) {
            if (currentAfter.get(i) != null && !currentAfter.get(i).equals(i == 0 ? null : currentAfter.get(i - 1))) {
                written.add(i + 1);
            }
        }
        System.out.println("checkpointer: test -ELBO " + h.stream().map(EpochMetrics::testLoss).toList()
                + ", checkpoints after epochs " + written);
        assertThat(written).isEqualTo(expected);
        assertThat(ModelDirectory.load(m).history()).isEqualTo(h);
        assertThat(ModelDirectory.load(m.resolve("best")).history()).hasSize(bestEpoch);
        assertThat(m.resolve("loss.png")).isRegularFile();
        assertThat(m.resolve("optimizer.pt")).isRegularFile();
        assertThat(m.resolve("notes.txt")).hasContent("mine");
        try (TrainingLock again = TrainingLock.acquire(m)) { // released by close
            assertThat(again).isNotNull();
        }
    }

    @Test
    void thePolicyOnAHandMadeHistory() {
        // test -ELBO per epoch 10, 12, 9, 11, 9, 14, 15; every 3rd epoch; 7 epochs
        double[] loss = {10, 12, 9, 11, 9, 14, 15};
        List<EpochMetrics> h = new ArrayList<>();
        Set<Integer> due = new TreeSet<>();
        Set<Integer> best = new TreeSet<>();
        for (int e = 1; e <= loss.length; e++) {
            EpochMetrics m = new EpochMetrics(e, 0, 0, 0, loss[e - 1], 0, 0, 1, 1);
            h.add(m);
            boolean b = Checkpointer.isBest(m, h);
            if (b) {
                best.add(e);
            }
            if (Checkpointer.due(e, b, 3, loss.length)) {
                due.add(e);
            }
        }
        assertThat(best).containsExactly(1, 3, 5); // 5 ties with 3: the later one is kept
        assertThat(due).containsExactly(1, 3, 5, 6, 7);
    }

    @Test
    void anInterruptedRunIsCheckpointedWhereItStopped() throws IOException {
        Path m = dir.resolve("m");
        TrainConfig t = Preset.PYTORCH_MLP.training().withEpochs(3).withBatchSize(64);
        Vae vae = Vae.create(StoreFixtures.TINY, t.seed());
        Trainer trainer = new Trainer(vae, t, Devices.cpu());
        try (Checkpointer c = Checkpointer.open(m, 10, vae, trainer, INFO)) {
            trainer.fit(NOISE.train(), NOISE.test(), new TrainingListener() {
                @Override
                public void onBatch(int epoch, int batch, double loss) {
                    if (epoch == 2 && batch == 2) {
                        trainer.requestStop();
                    }
                }

                @Override
                public void onEpoch(EpochMetrics e) throws IOException {
                    c.onEpoch(e);
                }
            });
            assertThat(trainer.stopped()).isTrue();
            c.checkpoint();
        }
        SavedModel saved = ModelDirectory.load(m);
        assertThat(saved.progress()).isEqualTo(trainer.progress());
        assertThat(saved.progress().epoch()).isEqualTo(2);
        assertThat(saved.history()).hasSize(1);
        assertThat(saved.finished()).isFalse();
    }

    @Test
    void refusesAFolderThatIsNotAModelBeforeTakingTheLock() throws IOException {
        Path other = Files.createDirectories(dir.resolve("photos"));
        Files.writeString(other.resolve("a.jpg"), "x");
        TrainConfig t = Preset.PYTORCH_MLP.training();
        Vae vae = Vae.create(StoreFixtures.TINY, 1);
        assertThatThrownBy(() -> Checkpointer.open(other, 1, vae, new Trainer(vae, t, Devices.cpu()), INFO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a vae4j model folder");
        assertThat(StoreFixtures.names(other)).containsExactly("a.jpg");
    }

    @Test
    void theLibraryTrainsIntoAFolderWithCheckpoints() throws IOException {
        Path m = dir.resolve("lib");
        SavedModel s = Vae4j.train(Preset.PYTORCH_MLP, NOISE, t -> t.withEpochs(2).withBatchSize(128), m);
        assertThat(s.history()).hasSize(2);
        SavedModel back = Vae4j.load(m);
        assertThat(back.history()).isEqualTo(s.history());
        assertThat(back.finished()).isTrue();
        assertThat(m.resolve("best/config.json")).isRegularFile();
        assertThat(m.resolve("optimizer.pt")).isRegularFile();
        assertThatThrownBy(() -> Vae4j.train(Preset.PYTORCH_MLP, NOISE, t -> t.withEpochs(1),
                Files.writeString(dir.resolve("file"), "x"))).isInstanceOf(IllegalArgumentException.class);
    }
}
