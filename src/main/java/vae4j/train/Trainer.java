package vae4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import vae4j.data.ImageDataset;
import vae4j.engine.Engine;
import vae4j.engine.Tensors;
import vae4j.eval.Elbo;
import vae4j.io.AtomicFiles;
import vae4j.io.CorruptFileException;
import vae4j.model.Architecture;
import vae4j.model.Vae;

/**
 * The training loop: for each epoch, shuffle, then per batch forward, loss, backward, (clip), optimiser step; then
 * evaluate the test set. Every batch runs inside its own {@code PointerScope}, so native memory stays flat.
 *
 * <p>Reproducible and resumable: epoch {@code e} shuffles with a generator seeded from (seed, e) and batch {@code b}
 * draws its noise from libtorch's generator re-seeded from (seed, e, b), so the state of a run is its
 * {@link Progress}, its weights and its optimiser state: {@link #restore} with those continues exactly where
 * {@link #requestStop()} or a checkpoint left it.
 */
public final class Trainer {
    /** Test images per evaluation batch: small enough that conv activations stay in cache-friendly sizes. */
    private static final int EVAL_BATCH = 250;

    private final Vae model;
    private final TrainConfig config;
    private final Optimizer optimizer;
    private final TensorVector parameters;
    private final Device device;
    private final List<EpochMetrics> history = new ArrayList<>();
    private Progress progress = Progress.startOf(1);
    private volatile boolean stopRequested;

    /** @param model a model whose weights were initialised under {@code config.seed()} (or restored) */
    public Trainer(Vae model, TrainConfig config, Device device) {
        this.model = model;
        this.config = config;
        this.device = device;
        this.parameters = model.module().parameters();
        this.optimizer = config.optimizer().create(parameters, config.learningRate());
        Engine.preferBlasThreadsFor(model.config().architecture() == Architecture.MLP);
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
     */
    public List<EpochMetrics> fit(ImageDataset train, ImageDataset test, TrainingListener listener)
            throws IOException {
        model.config().checkImages(train.name(), train.channels(), train.height(), train.width());
        model.config().checkImages(test.name(), test.channels(), test.height(), test.width());
        if (config.batchSize() > train.size()) {
            throw new IllegalArgumentException("batch size " + config.batchSize() + " is larger than the training set ("
                    + train.size() + " images)");
        }
        try (TensorData trainData = TensorData.of(train, device); TensorData testData = TensorData.of(test, device)) {
            int batches = (train.size() + config.batchSize() - 1) / config.batchSize();
            listener.onStart(config.epochs(), batches, progress.epoch());
            while (!progress.finished(config.epochs())) {
                int epoch = progress.epoch();
                if (!runBatches(epoch, trainData, listener)) {
                    return history();
                }
                EpochMetrics m = finishEpoch(testData);
                history.add(m);
                progress = Progress.startOf(epoch + 1);
                listener.onEpoch(m);
                if (stopRequested) {
                    return history();
                }
            }
            listener.onFinish();
        }
        return history();
    }

    /** Runs the remaining batches of {@code epoch}; false if stopped before its end. */
    private boolean runBatches(int epoch, TensorData train, TrainingListener listener) {
        model.train(true);
        int n = train.size();
        int bs = config.batchSize();
        Progress p = progress;
        try (PointerScope epochScope = new PointerScope()) {
            Tensor order = Tensors.longs(Trainer.permutation(n, new Random(mix(config.seed(), -epoch))));
            if (!device.is_cpu()) {
                order = order.to(device, torch.ScalarType.Long);
            }
            for (int batch = p.batchesDone() + 1, from = p.batchesDone() * bs; from < n; batch++, from += bs) {
                if (stopRequested) {
                    return false;
                }
                long start = System.nanoTime();
                int len = Math.min(bs, n - from);
                double r;
                double k;
                try (PointerScope scope = new PointerScope()) {
                    torch.manual_seed(mix(config.seed(), epoch * 1_000_003L + batch));
                    Tensor x = train.select(order.narrow(0, from, len));
                    optimizer.zero_grad();
                    Vae.Loss loss = model.loss(x);
                    r = loss.reconstruction().item_double();
                    k = loss.kl().item_double();
                    if (!Double.isFinite(r) || !Double.isFinite(k)) {
                        throw diverged(epoch, batch, r, k, x);
                    }
                    loss.total().backward();
                    if (config.clipGradNorm() > 0) {
                        torch.clip_grad_norm_(parameters, config.clipGradNorm());
                    }
                    optimizer.step();
                }
                p = new Progress(epoch, batch, p.lossSum() + (r + k) * len, p.reconSum() + r * len,
                        p.klSum() + k * len, p.images() + len, p.trainSeconds() + (System.nanoTime() - start) / 1e9);
                progress = p;
                listener.onBatch(epoch, batch, r + k);
            }
        }
        return true;
    }

    private EpochMetrics finishEpoch(TensorData test) {
        long start = System.nanoTime();
        model.train(false);
        torch.manual_seed(mix(config.seed(), -1_000_003L * progress.epoch()));
        Elbo.Result t = Elbo.evaluate(model, test, EVAL_BATCH);
        Progress p = progress;
        double evalSeconds = (System.nanoTime() - start) / 1e9;
        return new EpochMetrics(p.epoch(), p.lossSum() / p.images(), p.reconSum() / p.images(),
                p.klSum() / p.images(), t.loss(), t.reconstruction(), t.kl(), p.images() / p.trainSeconds(),
                p.trainSeconds() + evalSeconds);
    }

    private TrainingDivergedException diverged(int epoch, int batch, double recon, double kl, Tensor x) {
        String term = !Double.isFinite(recon) && !Double.isFinite(kl)
                ? "the reconstruction term became " + nonFinite(recon) + " and the KL term " + nonFinite(kl)
                : !Double.isFinite(recon) ? "the reconstruction term became " + nonFinite(recon)
                : "the KL term became " + nonFinite(kl);
        String range;
        try (NoGradGuard g = new NoGradGuard()) {
            Tensor logVar = model.encode(x).logVar();
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
        try (PointerScope scope = new PointerScope()) {
            OutputArchive archive = new OutputArchive();
            optimizer.save(archive);
            archive.save_to(tmp.toString());
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
        try (PointerScope scope = new PointerScope()) {
            InputArchive archive = new InputArchive();
            archive.load_from(file.toString());
            optimizer.load(archive);
        } catch (RuntimeException e) {
            throw new CorruptFileException(file, "unreadable optimiser state (" + firstLine(e.getMessage()) + ")");
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    static long[] permutation(int n, Random rnd) {
        long[] p = new long[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            long tmp = p[i];
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
