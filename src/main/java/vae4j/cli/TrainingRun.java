package vae4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.bytedeco.pytorch.Device;
import vae4j.data.DataSplits;
import vae4j.engine.Engine;
import vae4j.model.ModelConfig;
import vae4j.model.Vae;
import vae4j.store.DatasetInfo;
import vae4j.store.ModelDirectory;
import vae4j.store.SavedModel;
import vae4j.train.EpochMetrics;
import vae4j.train.ProcessMemory;
import vae4j.train.TrainConfig;
import vae4j.train.Trainer;
import vae4j.train.TrainingListener;

/**
 * One training run as the CLI does it: build the model from the seed, train with progress output, write the model
 * folder (with its loss curve) every {@code checkpointEvery} epochs and at the end, and report throughput and memory.
 */
final class TrainingRun {
    static final String LOSS_PNG = "loss.png";

    private TrainingRun() {
    }

    static SavedModel run(DataSplits data, ModelConfig modelConfig, TrainConfig trainConfig, Device device, Path out,
                          int checkpointEvery, PrintWriter log, boolean terminal) throws IOException {
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("--checkpoint-every must be >= 1, got " + checkpointEvery);
        }
        if (trainConfig.batchSize() > data.train().size()) {
            throw new IllegalArgumentException("batch size " + trainConfig.batchSize() + " is larger than the"
                    + " training set (" + data.train().size() + " images)");
        }
        long start = System.nanoTime();
        log.printf(Locale.ROOT, "data:   %s: %,d training and %,d test images of %dx%d%n", data.source(),
                data.train().size(), data.test().size(), data.train().height(), data.train().width());
        log.println("engine: " + Engine.init() + ", device " + device.str().getString());
        Vae vae = Vae.create(modelConfig, trainConfig.seed());
        vae.to(device);
        log.printf(Locale.ROOT, "model:  %s %s latent %d, %s likelihood, %,d parameters%n",
                modelConfig.architecture().id(), modelConfig.hidden(), modelConfig.latentDim(),
                modelConfig.likelihood().id(), vae.parameterCount());
        log.printf(Locale.ROOT, "train:  %s lr %g, batch %d, %d epochs, seed %d -> %s%n", trainConfig.optimizer().id(),
                trainConfig.learningRate(), trainConfig.batchSize(), trainConfig.epochs(), trainConfig.seed(), out);
        log.flush();
        DatasetInfo info = new DatasetInfo(data.name(), data.sha256(), data.train().size(), data.test().size(),
                data.source());
        Trainer trainer = new Trainer(vae, trainConfig, device);
        ProgressReporter progress = new ProgressReporter(log, terminal);
        long[] firstBatch = {0};
        TrainingListener listener = new TrainingListener() {
            @Override
            public void onStart(int epochs, int batches, int first) {
                progress.onStart(epochs, batches, first);
            }

            @Override
            public void onBatch(int epoch, int batch, double loss) {
                if (firstBatch[0] == 0) {
                    firstBatch[0] = System.nanoTime();
                }
                progress.onBatch(epoch, batch, loss);
            }

            @Override
            public void onEpoch(EpochMetrics m) throws IOException {
                progress.onEpoch(m);
                if (m.epoch() % checkpointEvery == 0 || m.epoch() == trainConfig.epochs()) {
                    save(out, new SavedModel(vae, trainConfig, info, trainer.history()));
                }
            }

            @Override
            public void onFinish() {
                progress.onFinish();
            }
        };
        List<EpochMetrics> history = trainer.fit(data.train(), data.test(), listener);
        EpochMetrics last = history.get(history.size() - 1);
        double meanRate = history.stream().mapToDouble(EpochMetrics::imagesPerSecond).average().orElse(0);
        log.printf(Locale.ROOT, "done:   test -ELBO %.2f nats (recon %.2f + KL %.2f); %,.0f img/s (epoch 1: %,.0f,"
                        + " mean %,.0f); first batch after %.2f s; peak RSS %.0f MiB; %.1f s in all%n",
                last.testLoss(), last.testReconstruction(), last.testKl(), last.imagesPerSecond(),
                history.get(0).imagesPerSecond(), meanRate, (firstBatch[0] - start) / 1e9,
                ProcessMemory.peakRssMib(), (System.nanoTime() - start) / 1e9);
        log.println("model written to " + out.toAbsolutePath());
        log.flush();
        return new SavedModel(vae, trainConfig, info, history);
    }

    static void save(Path out, SavedModel saved) throws IOException {
        ModelDirectory.save(out, saved, folder -> Pictures.lossCurve(saved.history(),
                "-ELBO per epoch: " + saved.dataset().name(), folder.resolve(LOSS_PNG)));
    }
}
