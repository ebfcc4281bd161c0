package vae4j.train;

/**
 * Where a training run stands, precisely enough to continue it: the epoch in progress (1-based), how many of its
 * batches are done, and the running sums of its training loss. With the seed, this fixes every random draw still to
 * come (the shuffle of epoch e comes from (seed, e), the noise of batch b from (seed, e, b)), so a resumed run repeats
 * the uninterrupted one.
 *
 * @param epoch        the epoch to run next or to continue
 * @param batchesDone  batches of {@code epoch} already done (0 at an epoch boundary)
 * @param lossSum      sum over those batches of -ELBO per image times batch size
 * @param reconSum     the same for the reconstruction term
 * @param klSum        the same for the KL term
 * @param images       images seen in {@code epoch} so far
 * @param trainSeconds training time spent in {@code epoch} so far
 * @param objectiveSum the same for the optimised objective (equal to {@code lossSum} for the plain ELBO)
 */
public record Progress(int epoch, int batchesDone, double lossSum, double reconSum, double klSum, int images,
                       double trainSeconds, double objectiveSum) {
    /** Progress of a plain-ELBO run, whose objective is its -ELBO. */
    public Progress(int epoch, int batchesDone, double lossSum, double reconSum, double klSum, int images,
                    double trainSeconds) {
        this(epoch, batchesDone, lossSum, reconSum, klSum, images, trainSeconds, lossSum);
    }

    public Progress {
        if (epoch < 1 || batchesDone < 0 || images < 0) {
            throw new IllegalArgumentException("invalid training progress: epoch " + epoch + ", batch " + batchesDone
                    + ", images " + images);
        }
    }

    /** The start of {@code epoch}. */
    public static Progress startOf(int epoch) {
        return new Progress(epoch, 0, 0, 0, 0, 0, 0, 0);
    }

    /** True when every batch of {@code epochs} epochs is done. */
    public boolean finished(int epochs) {
        return epoch > epochs;
    }
}
