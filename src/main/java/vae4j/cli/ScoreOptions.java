package vae4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Option;
import vae4j.data.DataFormatException;
import vae4j.data.Dataset;
import vae4j.eval.ExampleScore;
import vae4j.eval.Scorer;
import vae4j.store.SavedModel;
import vae4j.train.Precision;

/** The options {@code score} and {@code calibrate} share, and the scoring loop with its progress report. */
final class ScoreOptions {
    @Option(names = "--split", defaultValue = "test", description = "train or test of the model's data; new data"
            + " given with --data is scored whole (default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--k", defaultValue = "100", description = "importance samples per example for neg_log_px"
            + " (default: ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the samples; an example's scores depend only"
            + " on the model, the seed and its values (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--batch-size", defaultValue = "64", description = "examples encoded at once; does not change the"
            + " scores (default: ${DEFAULT-VALUE})")
    int batchSize;

    Scorer.Settings settings() {
        if (k < 1) {
            throw new IllegalArgumentException("--k must be >= 1, got " + k);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
        }
        return new Scorer.Settings(k, seed, batchSize);
    }

    /**
     * A data set whose examples do not fit the model, or without labels (or with labels outside its classes) for a
     * conditional model, is a data error (exit 3), naming the data.
     */
    static void checkFits(SavedModel m, Dataset d, DataOptions data) throws DataFormatException {
        try {
            m.model().config().checkInput(d.name(), d.spec());
            Scorer.checkLabels(m.model().config(), d);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(data.dataDir != null ? data.dataDir : Path.of(d.name()),
                    e.getMessage().replaceFirst("^" + java.util.regex.Pattern.quote(d.name()) + ":? ", ""));
        }
    }

    /**
     * Scores every example of {@code d} ({@code precision}: see {@link Scorer#withPrecision}), with a progress bar on
     * a terminal (a line every 10 s otherwise), and prints the rate at the end.
     */
    void run(SavedModel m, Dataset d, String what, Precision precision, PrintWriter log,
             Consumer<ExampleScore> sink) {
        // one block of examples per core (Engine.perCoreInferenceWorkers says how each worker is threaded)
        Scorer scorer = new Scorer(m.model(), settings()).withThreads(vae4j.engine.Engine.perCoreInferenceWorkers())
                .withPrecision(precision);
        log.printf(Locale.ROOT, "%s %,d examples of %s, k = %d, seed %d%s%n", what, d.size(), d.name(), k, seed,
                precision == Precision.BF16 ? ", networks in bf16" : "");
        log.flush();
        long start = System.nanoTime();
        if (Main.isTerminal()) {
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName(what).setInitialMax(d.size())
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar
                            .ConsoleProgressBarConsumer(System.err, 100)).build()) {
                scorer.score(d, sink, bar::stepTo);
            }
        } else {
            long[] last = {System.nanoTime()};
            scorer.score(d, sink, done -> {
                if (System.nanoTime() - last[0] > 10_000_000_000L) {
                    last[0] = System.nanoTime();
                    log.printf(Locale.ROOT, "  %,d / %,d examples%n", done, d.size());
                    log.flush();
                }
            });
        }
        double s = (System.nanoTime() - start) / 1e9;
        log.printf(Locale.ROOT, "scored %,d examples in %.2f s: %,.0f rows/s (k = %d)%n", d.size(), s, d.size() / s, k);
        log.flush();
    }
}
