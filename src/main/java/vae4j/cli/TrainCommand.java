package vae4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vae4j.data.DataSplits;
import vae4j.engine.Devices;
import vae4j.model.Likelihood;
import vae4j.model.ModelConfig;
import vae4j.train.OptimizerKind;
import vae4j.train.Preset;
import vae4j.train.TrainConfig;

/** {@code vae4j train}: trains a preset (with overrides) and writes a model folder. */
@Command(name = "train", description = "Train a VAE and write a model folder (config, weights, history, loss curve).")
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--preset", paramLabel = "P", defaultValue = "keras-mlp",
            description = "keras-mlp, keras-mlp-2017, keras-conv-2017, keras-conv, pytorch-mlp (default: ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--epochs", description = "passes over the training set (default: the preset's)")
    Integer epochs;

    @Option(names = "--batch-size", description = "images per step (default: the preset's)")
    Integer batchSize;

    @Option(names = "--latent-dim", description = "latent size (default: the preset's)")
    Integer latentDim;

    @Option(names = "--hidden", split = ",", paramLabel = "N[,N...]",
            description = "hidden sizes: MLP widths; conv2017 filters,intermediate; conv filters1,filters2,dense")
    List<Integer> hidden;

    @Option(names = "--lr", description = "learning rate (default: ${DEFAULT-VALUE})", defaultValue = "1e-3")
    double learningRate;

    @Option(names = "--optimizer", description = "adam or rmsprop (default: the preset's)")
    String optimizer;

    @Option(names = "--likelihood", defaultValue = "bernoulli", description = "bernoulli or gaussian (default: "
            + "${DEFAULT-VALUE})")
    String likelihood;

    @Option(names = "--seed", defaultValue = "1", description = "fixes initialisation, shuffling and sampling")
    long seed;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or cuda[:N] (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--checkpoint-every", defaultValue = "1", paramLabel = "N",
            description = "write the model folder every N epochs (default: ${DEFAULT-VALUE}) and at the end")
    int checkpointEvery;

    @Option(names = {"--out", "-o"}, required = true, paramLabel = "MODEL_DIR", description = "model folder to write")
    Path out;

    @Override
    public Integer call() throws Exception {
        Preset p = Preset.parse(preset);
        TrainConfig t = p.training().withLearningRate(learningRate).withSeed(seed);
        if (epochs != null) {
            t = t.withEpochs(epochs);
        }
        if (batchSize != null) {
            t = t.withBatchSize(batchSize);
        }
        if (optimizer != null) {
            t = t.withOptimizer(OptimizerKind.parse(optimizer));
        }
        Likelihood lik = Likelihood.parse(likelihood);
        if (latentDim != null && latentDim < 1) {
            throw new IllegalArgumentException("latent size must be >= 1, got " + latentDim);
        }
        var devicePtr = Devices.parse(device);
        var log = spec.commandLine().getOut();
        DataSplits splits = data.load(spec.commandLine().getErr(), null);
        ModelConfig m = p.model(splits.train().channels(), splits.train().height(), splits.train().width())
                .withLikelihood(lik);
        if (latentDim != null) {
            m = m.withLatentDim(latentDim);
        }
        if (hidden != null) {
            m = m.withHidden(hidden);
        }
        TrainingRun.run(splits, m, t, devicePtr, out, checkpointEvery, log, Main.isTerminal());
        return ExitCodes.OK;
    }
}
