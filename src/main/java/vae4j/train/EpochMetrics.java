package vae4j.train;

/**
 * One epoch's numbers, in nats per image. Training values are averages over the epoch's batches (the model changes
 * while they are measured); test values are measured after the epoch with the model fixed.
 *
 * @param imagesPerSecond training throughput (forward, backward and step; evaluation excluded)
 * @param seconds         wall time of the epoch, evaluation included
 * @param trainObjective  the optimised objective averaged over the epoch's batches (beside {@code trainLoss}, the
 *                        true -ELBO); null in histories written before objectives existed
 */
public record EpochMetrics(int epoch, double trainLoss, double trainReconstruction, double trainKl,
                           double testLoss, double testReconstruction, double testKl,
                           double imagesPerSecond, double seconds, Double trainObjective) {
    /** An epoch of a plain-ELBO run: the objective is the -ELBO. */
    public EpochMetrics(int epoch, double trainLoss, double trainReconstruction, double trainKl, double testLoss,
                        double testReconstruction, double testKl, double imagesPerSecond, double seconds) {
        this(epoch, trainLoss, trainReconstruction, trainKl, testLoss, testReconstruction, testKl, imagesPerSecond,
                seconds, trainLoss);
    }
}
