package vae4j.train;

/**
 * How a model is trained. Immutable; every field is validated with the bad value in the message.
 *
 * @param optimizer    Adam or RMSprop
 * @param learningRate step size, > 0
 * @param batchSize    images per step, >= 1
 * @param epochs       passes over the training set, >= 1
 * @param seed         fixes initialisation, shuffling and sampling
 */
public record TrainConfig(OptimizerKind optimizer, double learningRate, int batchSize, int epochs, long seed) {
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
    }

    public TrainConfig withEpochs(int n) {
        return new TrainConfig(optimizer, learningRate, batchSize, n, seed);
    }

    public TrainConfig withBatchSize(int n) {
        return new TrainConfig(optimizer, learningRate, n, epochs, seed);
    }

    public TrainConfig withLearningRate(double lr) {
        return new TrainConfig(optimizer, lr, batchSize, epochs, seed);
    }

    public TrainConfig withSeed(long s) {
        return new TrainConfig(optimizer, learningRate, batchSize, epochs, s);
    }

    public TrainConfig withOptimizer(OptimizerKind o) {
        return new TrainConfig(o, learningRate, batchSize, epochs, seed);
    }
}
