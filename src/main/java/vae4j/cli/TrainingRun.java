package vae4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.bytedeco.pytorch.Device;
import sun.misc.Signal;
import sun.misc.SignalHandler;
import vae4j.data.DataSplits;
import vae4j.engine.Engine;
import vae4j.model.ModelConfig;
import vae4j.model.Vae;
import vae4j.store.Checkpointer;
import vae4j.store.DatasetInfo;
import vae4j.store.ModelDirectory;
import vae4j.store.SavedModel;
import vae4j.train.EpochMetrics;
import vae4j.train.ProcessMemory;
import vae4j.train.TrainConfig;
import vae4j.train.Trainer;
import vae4j.train.TrainingListener;

/**
 * One training run as the CLI does it: settings checked, progress output, Ctrl-C or SIGTERM finish the current batch
 * and write a checkpoint, messages. Checkpoints, {@code best}, the lock and crash recovery are the library's
 * {@link Checkpointer}.
 */
final class TrainingRun {

    /** What a run ended with; {@code signal} is null unless it was interrupted. */
    record Outcome(SavedModel model, String signal) {
        boolean interrupted() {
            return signal != null;
        }
    }

    private TrainingRun() {
    }

    /** Trains a new model. */
    static Outcome start(DataSplits data, ModelConfig modelConfig, TrainConfig trainConfig, Device device, Path out,
                         int checkpointEvery, PrintWriter log, boolean terminal) throws IOException {
        checkSettings(data, trainConfig, checkpointEvery);
        ModelDirectory.checkWritableTarget(out);
        Vae vae = Vae.create(modelConfig, trainConfig.seed());
        vae.to(device);
        Trainer trainer = new Trainer(vae, trainConfig, device);
        try (Checkpointer checkpointer = Checkpointer.open(out, checkpointEvery, vae, trainer, DatasetInfo.of(data))) {
            describe(data, device, log);
            log.printf(Locale.ROOT, "model:  %s %s latent %d, %s likelihood, %s init, %,d parameters%n",
                    modelConfig.architecture().id(), modelConfig.hidden(), modelConfig.latentDim(),
                    modelConfig.likelihood().id(), modelConfig.init().id(), vae.parameterCount());
            log.printf(Locale.ROOT, "train:  %s lr %g, batch %d, %d epochs, seed %d, precision %s -> %s%n",
                    trainConfig.optimizer().id(), trainConfig.learningRate(), trainConfig.batchSize(),
                    trainConfig.epochs(), trainConfig.seed(), trainConfig.precision().id(), out);
            var schedule = trainConfig.schedule();
            if (!trainConfig.objective().plain() || trainConfig.binarize() || modelConfig.conditional()
                    || !schedule.kind().equals("constant")) {
                log.printf(Locale.ROOT, "        objective %s%s%s%s%n", trainConfig.objective().describe(),
                        trainConfig.binarize() ? ", dynamic binarisation" : "",
                        schedule.kind().equals("constant") ? "" : ", IWAE learning-rate schedule (passes x "
                                + schedule.passesScale() + ")",
                        modelConfig.conditional() ? ", conditional on " + modelConfig.classes() + " classes" : "");
            }
            return run(trainer, checkpointer, data, log, terminal);
        }
    }

    /** Continues the run saved in {@code dir} (possibly with more epochs) on the same data. */
    static Outcome resume(SavedModel saved, Path dir, DataSplits data, TrainConfig trainConfig, Device device,
                          int checkpointEvery, PrintWriter log, boolean terminal) throws IOException {
        checkSettings(data, trainConfig, checkpointEvery);
        Vae vae = saved.model();
        vae.to(device);
        Trainer trainer = new Trainer(vae, trainConfig, device);
        try (Checkpointer checkpointer = Checkpointer.open(dir, checkpointEvery, vae, trainer, saved.dataset())) {
            describe(data, device, log);
            trainer.loadOptimizerState(dir.resolve(Checkpointer.OPTIMIZER));
            trainer.restore(saved.history(), saved.progress());
            log.printf(Locale.ROOT, "resume: %s at epoch %d, batch %d of %d epochs%n", dir,
                    saved.progress().epoch(), saved.progress().batchesDone(), trainConfig.epochs());
            return run(trainer, checkpointer, data, log, terminal);
        }
    }

    private static void checkSettings(DataSplits data, TrainConfig trainConfig, int checkpointEvery) {
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("--checkpoint-every must be >= 1, got " + checkpointEvery);
        }
        if (trainConfig.batchSize() > data.train().size()) {
            throw new IllegalArgumentException("batch size " + trainConfig.batchSize() + " is larger than the"
                    + " training set (" + data.train().size() + " examples)");
        }
    }

    private static void describe(DataSplits data, Device device, PrintWriter log) {
        log.printf(Locale.ROOT, "data:   %s%n        %,d training and %,d test examples: %s%n", data.source(),
                data.train().size(), data.test().size(), data.spec().describe());
        log.println("engine: " + Engine.init() + ", device " + device.str().getString());
        log.flush();
    }

    private static Outcome run(Trainer trainer, Checkpointer checkpointer, DataSplits data, PrintWriter log,
                               boolean terminal) throws IOException {
        Path out = checkpointer.folder();
        // this process runs one model: tune OpenBLAS's threads for its kind (the library itself never does)
        Engine.preferBlasThreadsFor(trainer.model().config().architecture().denseOnly());
        long start = System.nanoTime();
        // "first batch after" counts from the start of the JVM: engine load and data reading included
        long jvmStart = start - java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis()
                - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
        ProgressReporter progress = new ProgressReporter(log, terminal, rateUnit(data));
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
                checkpointer.onEpoch(m);
            }

            @Override
            public void onFinish() {
                progress.onFinish();
            }
        };
        String[] signal = {null};
        SignalHandler handler = s -> {
            if (signal[0] == null) {
                signal[0] = "SIG" + s.getName();
                trainer.requestStop();
                log.println();
                log.println("vae4j: " + signal[0] + " received: finishing the current batch, then writing a"
                        + " checkpoint");
                log.flush();
            }
        };
        SignalHandler oldInt = trySignal("INT", handler);
        SignalHandler oldTerm = trySignal("TERM", handler);
        List<EpochMetrics> history;
        try {
            history = trainer.fit(data.train(), data.test(), listener);
        } finally {
            restoreSignal("INT", oldInt);
            restoreSignal("TERM", oldTerm);
        }
        SavedModel saved = checkpointer.snapshot();
        if (trainer.stopped()) {
            progress.onFinish();
            checkpointer.checkpoint();
            log.printf(Locale.ROOT, "interrupted at epoch %d, batch %d; checkpoint written to %s%nresume with:"
                    + " ./vae4j train --resume %s%n", trainer.progress().epoch(), trainer.progress().batchesDone(),
                    out, out);
            log.flush();
            return new Outcome(saved, signal[0] == null ? "stop" : signal[0]);
        }
        report(history, jvmStart, firstBatch[0], out, log, rateUnit(data));
        return new Outcome(saved, null);
    }

    /** {@code img/s} for images, {@code rows/s} for table rows. */
    private static String rateUnit(DataSplits data) {
        return data.spec() instanceof vae4j.data.TableSpec ? "rows/s" : "img/s";
    }

    private static void report(List<EpochMetrics> history, long start, long firstBatch, Path out, PrintWriter log,
                               String unit) {
        if (history.isEmpty()) {
            log.println("nothing to do: all epochs were already trained");
            return;
        }
        EpochMetrics last = history.get(history.size() - 1);
        EpochMetrics best = history.stream().min(java.util.Comparator.comparingDouble(EpochMetrics::testLoss))
                .orElseThrow();
        double meanRate = history.stream().mapToDouble(EpochMetrics::imagesPerSecond).average().orElse(0);
        log.printf(Locale.ROOT, "done:   test -ELBO %.2f nats (recon %.2f + KL %.2f); best %.2f at epoch %d;"
                        + " %,.0f " + unit + " (epoch 1: %,.0f, mean %,.0f); first batch after %.2f s; peak RSS %.0f MiB;"
                        + " %.1f s since the JVM started%n", last.testLoss(), last.testReconstruction(), last.testKl(),
                best.testLoss(), best.epoch(), last.imagesPerSecond(), history.get(0).imagesPerSecond(), meanRate,
                firstBatch == 0 ? 0 : (firstBatch - start) / 1e9, ProcessMemory.peakRssMib(),
                (System.nanoTime() - start) / 1e9);
        log.println("model written to " + out.toAbsolutePath() + " (best epoch in " + out.resolve(Checkpointer.BEST) + ")");
        log.flush();
    }

    private static SignalHandler trySignal(String name, SignalHandler handler) {
        try {
            return Signal.handle(new Signal(name), handler);
        } catch (IllegalArgumentException e) {
            return null; // signal not available (e.g. the JVM runs with -Xrs)
        }
    }

    private static void restoreSignal(String name, SignalHandler old) {
        if (old != null) {
            try {
                Signal.handle(new Signal(name), old);
            } catch (IllegalArgumentException ignored) {
                // nothing to restore
            }
        }
    }
}
