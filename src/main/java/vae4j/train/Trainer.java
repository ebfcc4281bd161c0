package vae4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import vae4j.data.Dataset;
import vae4j.engine.Autocast;
import vae4j.engine.NoGrad;
import vae4j.engine.Optimizers;
import vae4j.engine.Rng;
import vae4j.engine.Scope;
import vae4j.io.AtomicFiles;
import vae4j.io.CorruptFileException;
import vae4j.loader.BatchLoader;
import vae4j.loader.Batches;
import vae4j.model.Vae;

/**
 * The training loop: for each epoch, shuffle, then per batch forward, loss, backward, (clip), optimiser step; then
 * evaluate the test set. Batches are read from the {@link Dataset} by a {@link BatchLoader} (the next one in the
 * background), so memory holds a couple of batches, not the data. Every batch runs inside its own
 * {@code PointerScope}, so native memory stays flat.
 *
 * <p>The trainer changes no process-wide state: its noise comes from generators of its own, and thread counts are the
 * engine's (the command line tunes them once per process with {@link vae4j.engine.Engine#preferBlasThreadsFor}).
 *
 * <p>Reproducible and resumable: epoch {@code e} shuffles with a generator seeded from (seed, e) and batch {@code b}
 * draws its noise from a generator seeded from (seed, e, b), so the state of a run is its
 * {@link Progress}, its weights and its optimiser state: {@link #restore} with those continues exactly where
 * {@link #requestStop()} or a checkpoint left it.
 */
public final class Trainer {
    /** Test images per evaluation batch: small enough that conv activations stay in cache-friendly sizes. */
    private static final int EVAL_BATCH = 250;
    /** Offset of the generators that binarise batches, apart from the noise's streams. */
    private static final long BINARIZE_STREAM = Long.MIN_VALUE / 3;

    private final Vae model;
    private final TrainConfig config;
    private final Optimizers optimizer;
    private final Objective objective;
    private final Device device;
    private final List<EpochMetrics> history = new ArrayList<>();
    private Progress progress = Progress.startOf(1);
    private volatile boolean stopRequested;

    /** @param model a model whose weights were initialised under {@code config.seed()} (or restored) */
    public Trainer(Vae model, TrainConfig config, Device device) {
        this.model = model;
        this.config = config;
        this.device = device;
        this.optimizer = config.optimizer().create(model, config.learningRate());
        this.objective = Objective.of(config.objective(), config.epochs());
    }

    /** The model being trained. */
    public Vae model() {
        return model;
    }

    /** Epochs completed so far, oldest first. */
    public List<EpochMetrics> history() {
        return List.copyOf(history);
    }

    /** Where the run stands. */
    public Progress progress() {
        return progress;
    }

    public TrainConfig config() {
        return config;
    }

    /** Continues a run: its completed epochs and position (load weights and optimiser state as well). */
    public void restore(List<EpochMetrics> completed, Progress at) {
        if (at.epoch() != completed.size() + 1) {
            throw new IllegalArgumentException("progress at epoch " + at.epoch() + " does not follow "
                    + completed.size() + " completed epochs");
        }
        history.clear();
        history.addAll(completed);
        progress = at;
    }

    /** Asks {@link #fit} to return after the current batch (from a signal handler or another thread). */
    public void requestStop() {
        stopRequested = true;
    }

    /** True if the last {@link #fit} returned early because of {@link #requestStop()}. */
    public boolean stopped() {
        return stopRequested && !progress.finished(config.epochs());
    }

    /**
     * Trains until {@code config.epochs()} epochs are done or a stop is requested, and returns the metrics of every
     * completed epoch.
     *
     * @param train examples to learn from; {@code test} examples to report the -ELBO on after each epoch
     */
    public List<EpochMetrics> fit(Dataset train, Dataset test, TrainingListener listener) throws IOException {
        model.config().checkInput(train.name(), train.spec());
        model.config().checkInput(test.name(), test.spec());
        if (model.config().conditional()) {
            checkLabels(train);
            checkLabels(test);
        }
        if (config.batchSize() > train.size()) {
            throw new IllegalArgumentException("batch size " + config.batchSize() + " is larger than the training set ("
                    + train.size() + " examples)");
        }
        int batches = BatchLoader.batchCount(train.size(), config.batchSize());
        listener.onStart(config.epochs(), batches, progress.epoch());
        while (!progress.finished(config.epochs())) {
            int epoch = progress.epoch();
            if (!runBatches(epoch, train, listener)) {
                return history();
            }
            EpochMetrics m = finishEpoch(test);
            history.add(m);
            progress = Progress.startOf(epoch + 1);
            listener.onEpoch(m);
            if (stopRequested) {
                return history();
            }
        }
        listener.onFinish();
        return history();
    }

    /** Runs the remaining batches of {@code epoch}; false if stopped before its end. */
    private boolean runBatches(int epoch, Dataset train, TrainingListener listener) {
        model.train(true);
        Progress p = progress;
        int[] order = permutation(train.size(), new Random(mix(config.seed(), -epoch)));
        int batchCount = BatchLoader.batchCount(train.size(), config.batchSize());
        if (!config.schedule().kind().equals(LearningRateSchedule.CONSTANT)) {
            optimizer.setLearningRate(config.schedule().rateAt(epoch, config.learningRate()));
        }
        try (BatchLoader loader = new BatchLoader(train, order, config.batchSize(), p.batchesDone(),
                !train.inMemory())) {
            while (loader.hasNext()) {
                if (stopRequested) {
                    return false;
                }
                long start = System.nanoTime();
                BatchLoader.Batch b = loader.next();
                int batch = b.index() + 1;
                int len = b.size();
                double r;
                double k;
                double o;
                try (Scope scope = Scope.open();
                     Rng rng = Rng.seeded(mix(config.seed(), epoch * 1_000_003L + batch))) {
                    Tensor x = Batches.tensor(train.spec(), b.values(), len, device);
                    if (config.binarize()) {
                        long stream = BINARIZE_STREAM - epoch * 1_000_003L - batch;
                        try (Rng pixels = Rng.seeded(mix(config.seed(), stream))) {
                            x = pixels.bernoulli(x);
                        }
                    }
                    Tensor y = model.config().conditional()
                            ? Batches.oneHot(train, b.rows(), model.config().classes(), device) : null;
                    optimizer.zeroGrad();
                    double epochsDone = epoch - 1 + (batch - 1) / (double) batchCount;
                    Objective.Terms loss;
                    try (Autocast mixed = Autocast.bf16(config.precision() == Precision.BF16)) {
                        loss = objective.loss(model, x, y, epochsDone, rng);
                    }
                    r = loss.reconstruction().item_double();
                    k = loss.kl().item_double();
                    o = loss.objective().item_double();
                    if (!Double.isFinite(r) || !Double.isFinite(k) || !Double.isFinite(o)) {
                        throw diverged(epoch, batch, r, k, x, y);
                    }
                    loss.objective().backward();
                    if (config.clipGradNorm() > 0) {
                        optimizer.clipGradNorm(config.clipGradNorm());
                    }
                    optimizer.step();
                }
                p = new Progress(epoch, batch, p.lossSum() + (r + k) * len, p.reconSum() + r * len,
                        p.klSum() + k * len, p.images() + len, p.trainSeconds() + (System.nanoTime() - start) / 1e9,
                        p.objectiveSum() + o * len);
                progress = p;
                listener.onBatch(epoch, batch, r + k);
            }
        }
        return true;
    }

    private EpochMetrics finishEpoch(Dataset test) {
        long start = System.nanoTime();
        model.train(false);
        Elbo t = Elbo.evaluate(model, test, EVAL_BATCH, mix(config.seed(), -1_000_003L * progress.epoch()), device,
                config.binarize());
        Progress p = progress;
        double evalSeconds = (System.nanoTime() - start) / 1e9;
        return new EpochMetrics(p.epoch(), p.lossSum() / p.images(), p.reconSum() / p.images(),
                p.klSum() / p.images(), t.loss(), t.reconstruction(), t.kl(), p.images() / p.trainSeconds(),
                p.trainSeconds() + evalSeconds, p.objectiveSum() / p.images());
    }

    /** Refuses data without labels, or with labels outside the classes, for a conditional model. */
    private void checkLabels(Dataset data) {
        int[] labels = data.labels();
        if (labels == null) {
            throw new IllegalArgumentException(data.name() + " has no labels, but the model is conditional on "
                    + model.config().classes() + " classes");
        }
        for (int l : labels) {
            if (l < 0 || l >= model.config().classes()) {
                throw new IllegalArgumentException(data.name() + " has label " + l + ", outside the model's classes 0.."
                        + (model.config().classes() - 1));
            }
        }
    }

    private TrainingDivergedException diverged(int epoch, int batch, double recon, double kl, Tensor x, Tensor y) {
        String term = !Double.isFinite(recon) && !Double.isFinite(kl)
                ? "the reconstruction term became " + nonFinite(recon) + " and the KL term " + nonFinite(kl)
                : !Double.isFinite(recon) ? "the reconstruction term became " + nonFinite(recon)
                : "the KL term became " + nonFinite(kl);
        String range;
        try (NoGrad g = NoGrad.enter()) {
            Tensor logVar = model.encode(x, y).logVar();
            range = String.format(Locale.ROOT, "z_log_var in [%.3g, %.3g]", logVar.min().item_double(),
                    logVar.max().item_double());
        }
        return new TrainingDivergedException(String.format(Locale.ROOT,
                "training diverged at epoch %d, batch %d: %s (reconstruction %s, KL %s; %s)."
                        + " Try a lower learning rate, --clip-grad-norm or --log-var-limit.", epoch, batch, term,
                recon, kl, range));
    }

    private static String nonFinite(double v) {
        return Double.isNaN(v) ? "NaN" : "infinite";
    }

    /** Writes the optimiser's state (e.g. Adam's moments and step counts) to {@code file}, atomically. */
    public void saveOptimizerState(Path file) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        try {
            optimizer.save(tmp);
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            AtomicFiles.readableByAll(tmp, false);
            AtomicFiles.move(tmp, file);
        } catch (RuntimeException e) {
            throw new IOException(file + ": cannot write the optimiser state (" + e.getMessage() + ")", e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Loads optimiser state written by {@link #saveOptimizerState}. */
    public void loadOptimizerState(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "missing: no optimiser state to"
                    + " resume from");
        }
        try {
            optimizer.load(file);
        } catch (IOException e) {
            throw new CorruptFileException(file, "unreadable optimiser state (" + e.getMessage() + ")");
        }
    }

    static int[] permutation(int n, Random rnd) {
        int[] p = Batches.identity(n);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }

    /** A well-spread seed for (seed, stream): SplitMix64's finaliser. */
    static long mix(long seed, long stream) {
        long z = seed * 0x9E3779B97F4A7C15L + stream;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & Long.MAX_VALUE;
    }
}
