package vae4j.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import vae4j.model.Vae;
import vae4j.train.EpochMetrics;
import vae4j.train.Trainer;
import vae4j.train.TrainingListener;
import vae4j.viz.LossCurve;

/**
 * The checkpoint policy of a training run, for the CLI and the library alike: listen to a {@link Trainer} and save
 * its model into a model folder ({@link ModelDirectory}) after every {@code checkpointEvery}-th epoch, after the last
 * epoch, and after every epoch whose test -ELBO is the lowest so far (that version also becomes {@code best}). Each
 * checkpoint holds weights, history, progress, {@code loss.png} and the optimiser state ({@code optimizer.pt}), so
 * that {@code Trainer.restore} plus {@code Trainer.loadOptimizerState} continue the run exactly.
 *
 * <p>{@link #open} takes the folder's {@link TrainingLock} (held until {@link #close}) and repairs what an earlier,
 * killed run left ({@link ModelDirectory#recover}). After {@code fit} returns early ({@link Trainer#requestStop()}),
 * call {@link #checkpoint()} to save where the run stopped.
 *
 * <pre>{@code
 * try (Checkpointer c = Checkpointer.open(dir, 5, vae, trainer, info)) {
 *     trainer.fit(train, test, c);
 *     if (trainer.stopped()) c.checkpoint();
 * }
 * }</pre>
 */
public final class Checkpointer implements TrainingListener, AutoCloseable {
    /** The loss curve's file name in each version. */
    public static final String LOSS_PNG = "loss.png";
    /** The optimiser state's file name in each version. */
    public static final String OPTIMIZER = "optimizer.pt";
    /** The link to the best version. */
    public static final String BEST = VersionedFolder.BEST;

    private final Path folder;
    private final int checkpointEvery;
    private final Vae model;
    private final Trainer trainer;
    private final DatasetInfo data;
    private final TrainingLock lock;
    private final boolean recovered;

    private Checkpointer(Path folder, int checkpointEvery, Vae model, Trainer trainer, DatasetInfo data,
                         TrainingLock lock, boolean recovered) {
        this.folder = folder;
        this.checkpointEvery = checkpointEvery;
        this.model = model;
        this.trainer = trainer;
        this.data = data;
        this.lock = lock;
        this.recovered = recovered;
    }

    /**
     * Checks the folder, takes its lock and repairs it.
     *
     * @param folder          the model folder: absent, empty, or a model folder (a link to one is followed)
     * @param checkpointEvery save every this many epochs (besides the last and the best), at least 1
     * @param model           the model {@code trainer} trains
     * @throws IllegalArgumentException if {@code checkpointEvery < 1} or {@code folder} is something else
     * @throws IOException              if another process holds the lock (its pid named) or the folder cannot be
     *                                  repaired
     */
    public static Checkpointer open(Path folder, int checkpointEvery, Vae model, Trainer trainer, DatasetInfo data)
            throws IOException {
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpoint interval must be >= 1 epoch, got " + checkpointEvery);
        }
        ModelDirectory.checkWritableTarget(folder);
        TrainingLock lock = TrainingLock.acquire(folder);
        try {
            boolean recovered = ModelDirectory.recover(folder);
            return new Checkpointer(folder, checkpointEvery, model, trainer, data, lock, recovered);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** The model folder, as given. */
    public Path folder() {
        return folder;
    }

    /** True if {@link #open} found and removed what a killed save had left. */
    public boolean recovered() {
        return recovered;
    }

    /** Saves a checkpoint if the epoch is due, the last one, or the best so far. */
    @Override
    public void onEpoch(EpochMetrics m) throws IOException {
        List<EpochMetrics> h = trainer.history();
        boolean best = isBest(m, h);
        if (due(m.epoch(), best, checkpointEvery, trainer.config().epochs())) {
            save(best);
        }
    }

    /** True if no epoch of {@code history} has a lower test -ELBO than {@code m} (ties go to the later epoch). */
    static boolean isBest(EpochMetrics m, List<EpochMetrics> history) {
        return history.stream().allMatch(e -> e.testLoss() >= m.testLoss());
    }

    /** True if epoch {@code epoch} (of {@code epochs}) gets a checkpoint. */
    static boolean due(int epoch, boolean best, int checkpointEvery, int epochs) {
        return epoch % checkpointEvery == 0 || epoch == epochs || best;
    }

    /** Saves where the run stands now, e.g. after an interrupted {@code fit}; {@code best} is left as it is. */
    public void checkpoint() throws IOException {
        save(false);
    }

    /** The model as it stands now (weights, settings, history, progress). */
    public SavedModel snapshot() {
        return new SavedModel(model, trainer.config(), data, trainer.history(), trainer.progress());
    }

    private void save(boolean best) throws IOException {
        SavedModel saved = snapshot();
        ModelDirectory.save(folder, saved, version -> {
            if (!saved.history().isEmpty()) {
                LossCurve.writePng(saved.history(), "-ELBO per epoch: " + shortName(data.name()),
                        version.resolve(LOSS_PNG));
            }
            checkRoomForOptimizerState(version);
            trainer.saveOptimizerState(version.resolve(OPTIMIZER));
        }, best);
    }

    /**
     * libtorch aborts the whole process when its archive writer hits a full disk, so the space is checked first:
     * the optimiser state (Adam: two moments per parameter) needs at most about twice the weights file, plus slack.
     */
    private static void checkRoomForOptimizerState(Path version) throws IOException {
        long weights = java.nio.file.Files.size(version.resolve(ModelDirectory.WEIGHTS));
        long needed = 2 * weights + (1 << 20);
        long free = java.nio.file.Files.getFileStore(version).getUsableSpace();
        if (free < needed) {
            throw new IOException("No space left on device for the optimiser state (" + free / 1024
                    + " KiB free, about " + needed / 1024 + " KiB needed)");
        }
    }

    private static String shortName(String name) {
        return name.contains("/") ? Path.of(name).getFileName().toString() : name;
    }

    /** Releases the lock. */
    @Override
    public void close() throws IOException {
        lock.close();
    }
}
