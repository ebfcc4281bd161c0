package vae4j.train;

/** Hooks into the training loop: progress display, metrics logs, checkpoints. */
public interface TrainingListener {
    /** Before the first batch. */
    default void onStart(int epochs, int batchesPerEpoch, int firstEpoch) {
    }

    /** After each optimiser step; {@code loss} is the batch's -ELBO per image. */
    default void onBatch(int epoch, int batch, double loss) {
    }

    /** After each epoch, with the test set evaluated. */
    default void onEpoch(EpochMetrics metrics) throws java.io.IOException {
    }

    /** After the last epoch. */
    default void onFinish() {
    }
}
