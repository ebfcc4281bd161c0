package vae4j.cli;

import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import vae4j.train.EpochMetrics;
import vae4j.train.TrainingListener;

/**
 * Shows training progress: a progress bar per epoch on a terminal, one log line every few seconds otherwise; and one
 * summary line per epoch in both cases.
 */
final class ProgressReporter implements TrainingListener {
    private static final long LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final PrintWriter out;
    private final boolean terminal;
    private int epochs;
    private int batches;
    private ProgressBar bar;
    private long lastLog;

    private final String rateUnit;

    /** @param rateUnit throughput unit, e.g. {@code img/s} or {@code rows/s} */
    ProgressReporter(PrintWriter out, boolean terminal, String rateUnit) {
        this.out = out;
        this.terminal = terminal;
        this.rateUnit = rateUnit;
    }

    @Override
    public void onStart(int epochs, int batchesPerEpoch, int firstEpoch) {
        this.epochs = epochs;
        this.batches = batchesPerEpoch;
        this.lastLog = System.nanoTime();
    }

    @Override
    public void onBatch(int epoch, int batch, double loss) {
        if (terminal) {
            if (bar == null) {
                bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
                        .setInitialMax(batches).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                        // a fixed width: asking the terminal for its width at every refresh costs ~15 % of an MLP epoch
                        .setConsumer(new ConsoleProgressBarConsumer(System.err, 100)).build();
            }
            bar.stepTo(batch);
            if (batch % 20 == 1) {
                bar.setExtraMessage(String.format(Locale.ROOT, "-ELBO %.2f", loss));
            }
        } else if (System.nanoTime() - lastLog > LOG_INTERVAL_NANOS) {
            lastLog = System.nanoTime();
            out.printf(Locale.ROOT, "  epoch %d/%d  batch %d/%d  -ELBO %.2f%n", epoch, epochs, batch, batches, loss);
            out.flush();
        }
    }

    @Override
    public void onEpoch(EpochMetrics m) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        String objective = m.trainObjective() == null || m.trainObjective() == m.trainLoss() ? ""
                : String.format(Locale.ROOT, "  objective %.2f", m.trainObjective());
        out.printf(Locale.ROOT, "epoch %d/%d  train -ELBO %.2f (recon %.2f + KL %.2f)%s  test -ELBO %.2f"
                        + "  %,.0f " + rateUnit + "  %.1f s%n", m.epoch(), epochs, m.trainLoss(), m.trainReconstruction(),
                m.trainKl(), objective, m.testLoss(), m.imagesPerSecond(), m.seconds());
        out.flush();
    }

    @Override
    public void onFinish() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
