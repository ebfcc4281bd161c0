package vae4j.train;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import vae4j.data.ImageDataset;
import vae4j.engine.Engine;
import vae4j.engine.Tensors;
import vae4j.eval.Elbo;
import vae4j.model.Architecture;
import vae4j.model.Vae;

/**
 * The training loop: for each epoch, shuffle, then per batch forward, loss, backward, optimiser step; then evaluate
 * the test set. Every batch runs inside its own {@code PointerScope}, so native memory stays flat across epochs.
 *
 * <p>Reproducible: epoch {@code e} shuffles with {@code Random(seed, e)} and re-seeds libtorch's generator (which
 * draws the reparameterisation noise) from {@code (seed, e)}, so a run depends on the seed alone.
 */
public final class Trainer {
    private static final int EVAL_BATCH = 1000;

    private final Vae model;
    private final TrainConfig config;
    private final Optimizer optimizer;
    private final Device device;
    private final List<EpochMetrics> history = new ArrayList<>();

    /** @param model a model whose weights were initialised under {@code config.seed()} */
    public Trainer(Vae model, TrainConfig config, Device device) {
        this.model = model;
        this.config = config;
        this.device = device;
        this.optimizer = config.optimizer().create(model.module().parameters(), config.learningRate());
        boolean matrixHeavy = model.config().architecture() == Architecture.MLP;
        Engine.preferBlasThreadsFor(matrixHeavy);
    }

    /** Epochs run so far, oldest first. */
    public List<EpochMetrics> history() {
        return List.copyOf(history);
    }

    /** Trains for {@code config.epochs()} epochs and returns the metrics of each. */
    public List<EpochMetrics> fit(ImageDataset train, ImageDataset test, TrainingListener listener)
            throws IOException {
        if (config.batchSize() > train.size()) {
            throw new IllegalArgumentException("batch size " + config.batchSize() + " is larger than the training set ("
                    + train.size() + " images)");
        }
        try (TensorData trainData = TensorData.of(train, device); TensorData testData = TensorData.of(test, device)) {
            int batches = (train.size() + config.batchSize() - 1) / config.batchSize();
            int first = history.size() + 1;
            listener.onStart(config.epochs(), batches, first);
            for (int epoch = first; epoch <= config.epochs(); epoch++) {
                EpochMetrics m = runEpoch(epoch, trainData, testData, listener);
                history.add(m);
                listener.onEpoch(m);
            }
            listener.onFinish();
        }
        return history();
    }

    private EpochMetrics runEpoch(int epoch, TensorData train, TensorData test, TrainingListener listener) {
        long start = System.nanoTime();
        torch.manual_seed(mix(config.seed(), epoch));
        model.train(true);
        int n = train.size();
        double total = 0;
        double recon = 0;
        double kl = 0;
        try (PointerScope epochScope = new PointerScope()) {
            Tensor order = Tensors.longs(permutation(n, new Random(mix(config.seed(), -epoch))));
            if (!device.is_cpu()) {
                order = order.to(device, torch.ScalarType.Long);
            }
            int batch = 0;
            for (int from = 0; from < n; from += config.batchSize()) {
                int len = Math.min(config.batchSize(), n - from);
                batch++;
                try (PointerScope scope = new PointerScope()) {
                    Tensor x = train.select(order.narrow(0, from, len));
                    optimizer.zero_grad();
                    Vae.Loss loss = model.loss(x);
                    double r = loss.reconstruction().item_double();
                    double k = loss.kl().item_double();
                    if (!Double.isFinite(r) || !Double.isFinite(k)) {
                        throw diverged(epoch, batch, r, k, x);
                    }
                    loss.total().backward();
                    optimizer.step();
                    recon += r * len;
                    kl += k * len;
                    total += (r + k) * len;
                    listener.onBatch(epoch, batch, r + k);
                }
            }
        }
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        model.train(false);
        Elbo.Result t = Elbo.evaluate(model, test, EVAL_BATCH);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new EpochMetrics(epoch, total / n, recon / n, kl / n, t.loss(), t.reconstruction(), t.kl(),
                n / trainSeconds, seconds);
    }

    private TrainingDivergedException diverged(int epoch, int batch, double recon, double kl, Tensor x) {
        String term = !Double.isFinite(recon) && !Double.isFinite(kl) ? "both terms"
                : !Double.isFinite(recon) ? "the reconstruction term" : "the KL term";
        String range;
        try (org.bytedeco.pytorch.NoGradGuard g = new org.bytedeco.pytorch.NoGradGuard()) {
            Tensor logVar = model.encode(x).logVar();
            range = String.format(Locale.ROOT, "z_log_var in [%.3g, %.3g]", logVar.min().item_double(),
                    logVar.max().item_double());
        }
        return new TrainingDivergedException(String.format(Locale.ROOT,
                "training diverged at epoch %d, batch %d: %s became %s (reconstruction %s, KL %s; %s)."
                        + " Try a lower learning rate.", epoch, batch, term,
                Double.isNaN(recon + kl) ? "NaN" : "infinite", recon, kl, range));
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
