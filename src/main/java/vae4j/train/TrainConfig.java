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
 * @param objective    what is optimised (the ELBO, shaped or not, or the IWAE bound)
 * @param binarize     dynamic binarisation: each training image is replaced, each epoch, by a fresh Bernoulli draw
 *                     with its grey levels as probabilities (the IWAE paper's protocol); test images likewise
 * @param schedule     how the learning rate moves from epoch to epoch
 * @param precision    arithmetic of the matrix work ({@link Precision#FP32} when null)
 */
public record TrainConfig(OptimizerKind optimizer, double learningRate, int batchSize, int epochs, long seed,
                          double clipGradNorm, ObjectiveSpec objective, boolean binarize,
                          LearningRateSchedule schedule, Precision precision) {
    /** Plain ELBO training on the data as it is. */
    public TrainConfig(OptimizerKind optimizer, double learningRate, int batchSize, int epochs, long seed,
                       double clipGradNorm) {
        this(optimizer, learningRate, batchSize, epochs, seed, clipGradNorm, ObjectiveSpec.PLAIN, false,
                LearningRateSchedule.NONE, Precision.FP32);
    }

    public TrainConfig {
        if (objective == null) {
            objective = ObjectiveSpec.PLAIN;
        }
        if (schedule == null) {
            schedule = LearningRateSchedule.NONE;
        }
        if (precision == null) {
            precision = Precision.FP32;
        }
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
        return new TrainConfig(optimizer, learningRate, batchSize, n, seed, clipGradNorm, objective,
                binarize, schedule, precision);
    }

    public TrainConfig withBatchSize(int n) {
        return new TrainConfig(optimizer, learningRate, n, epochs, seed, clipGradNorm, objective,
                binarize, schedule, precision);
    }

    public TrainConfig withLearningRate(double lr) {
        return new TrainConfig(optimizer, lr, batchSize, epochs, seed, clipGradNorm, objective,
                binarize, schedule, precision);
    }

    public TrainConfig withSeed(long s) {
        return new TrainConfig(optimizer, learningRate, batchSize, epochs, s, clipGradNorm, objective,
                binarize, schedule, precision);
    }

    public TrainConfig withOptimizer(OptimizerKind o) {
        return new TrainConfig(o, learningRate, batchSize, epochs, seed, clipGradNorm, objective,
                binarize, schedule, precision);
    }

    public TrainConfig withObjective(ObjectiveSpec o) {
        return new TrainConfig(optimizer, learningRate, batchSize, epochs, seed, clipGradNorm, o, binarize,
                schedule, precision);
    }

    public TrainConfig withBinarize(boolean on) {
        return new TrainConfig(optimizer, learningRate, batchSize, epochs, seed, clipGradNorm, objective, on,
                schedule, precision);
    }

    public TrainConfig withSchedule(LearningRateSchedule sch) {
        return new TrainConfig(optimizer, learningRate, batchSize, epochs, seed, clipGradNorm, objective, binarize,
                sch, precision);
    }

    public TrainConfig withClipGradNorm(double norm) {
        return new TrainConfig(optimizer, learningRate, batchSize, epochs, seed, norm, objective,
                binarize, schedule, precision);
    }

    public TrainConfig withPrecision(Precision p) {
        return new TrainConfig(optimizer, learningRate, batchSize, epochs, seed, clipGradNorm, objective,
                binarize, schedule, p);
    }
}
