package vae4j.train;

/**
 * How a model is trained. Immutable; every field is validated with the bad value in the message.
 *
 * @param optimizer    Adam or RMSprop
 * @param learningRate step size, > 0
 * @param batchSize    images per step, >= 1
 * @param epochs       passes over the training set, >= 1
 * @param seed         fixes initialisation, shuffling and sampling
 * @param clipGradNorm rescale gradients whose global L2 norm exceeds this (0: no clipping)
 */
public record TrainConfig(OptimizerKind optimizer, double learningRate, int batchSize, int epochs, long seed,
                          double clipGradNorm) {
    public TrainConfig {
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer is required");
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + learningRate);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (!(clipGradNorm >= 0) || Double.isInfinite(clipGradNorm)) {
            throw new IllegalArgumentException("gradient clipping norm must be >= 0 (0: none), got " + clipGradNorm);
        }
    }

    public TrainConfig withEpochs(int n) {
        return new TrainConfig(optimizer, learningRate, batchSize, n, seed, clipGradNorm);
    }

    public TrainConfig withBatchSize(int n) {
        return new TrainConfig(optimizer, learningRate, n, epochs, seed, clipGradNorm);
    }

    public TrainConfig withLearningRate(double lr) {
        return new TrainConfig(optimizer, lr, batchSize, epochs, seed, clipGradNorm);
    }

    public TrainConfig withSeed(long s) {
        return new TrainConfig(optimizer, learningRate, batchSize, epochs, s, clipGradNorm);
    }

    public TrainConfig withOptimizer(OptimizerKind o) {
        return new TrainConfig(o, learningRate, batchSize, epochs, seed, clipGradNorm);
    }

    public TrainConfig withClipGradNorm(double norm) {
        return new TrainConfig(optimizer, learningRate, batchSize, epochs, seed, norm);
    }
}
