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
import vae4j.data.DatasetUnavailableException;
import vae4j.model.Init;
import vae4j.model.MemoryEstimate;
import vae4j.store.ModelDirectory;
import vae4j.store.SavedModel;
import vae4j.model.ModelConfig;
import vae4j.train.ObjectiveSpec;
import vae4j.train.OptimizerKind;
import vae4j.train.Precision;
import vae4j.train.Preset;
import vae4j.train.TrainConfig;

/** {@code vae4j train}: trains a preset (with overrides) and writes a model folder. */
@Command(name = "train", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = "Train a VAE and write a model folder (config, weights, history, loss curve).")
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--preset", paramLabel = "P",
            description = "keras-mlp, keras-mlp-2017, keras-conv-2017, keras-conv, pytorch-mlp, table-mlp,"
                    + " iwae-1layer (default: keras-mlp for images, table-mlp for tables)")
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

    @Option(names = "--likelihood", description = "images: bernoulli (default) or gaussian; tables: per-column"
            + " (the default: Gaussian numbers, Bernoulli binary and softmax categorical columns)")
    String likelihood;

    @Option(names = "--seed", defaultValue = "1", description = "fixes initialisation, shuffling and sampling")
    long seed;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or cuda[:N] (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--checkpoint-every", defaultValue = "1", paramLabel = "N",
            description = "write the model folder every N epochs (default: ${DEFAULT-VALUE}) and at the end")
    int checkpointEvery;

    @Option(names = "--init", description = "pytorch or glorot (default: the preset's; Keras presets use glorot)")
    String init;

    @Option(names = "--log-var-limit", paramLabel = "L", defaultValue = "0",
            description = "clamp z_log_var to [-L, L] (default: 0, no clamp)")
    double logVarLimit;

    @Option(names = "--clip-grad-norm", paramLabel = "N", defaultValue = "0",
            description = "rescale gradients whose global L2 norm exceeds N (default: 0, no clipping)")
    double clipGradNorm;

    @Option(names = "--objective", paramLabel = "O", defaultValue = "elbo",
            description = "elbo or iwae (importance-weighted bound, Burda et al. 2015; with --k) (default:"
                    + " ${DEFAULT-VALUE})")
    String objective;

    @Option(names = "--beta", paramLabel = "B", defaultValue = "1",
            description = "weight of the KL term (beta-VAE; > 0, default: ${DEFAULT-VALUE})")
    double beta;

    @Option(names = "--kl-warmup", paramLabel = "EPOCHS", defaultValue = "0",
            description = "raise the KL weight linearly from 0 to beta over EPOCHS epochs (default: 0, none)")
    double klWarmup;

    @Option(names = "--kl-cycles", paramLabel = "N", defaultValue = "0",
            description = "cyclical KL annealing (Fu et al. 2019): N cycles over the run, each ramping 0 -> beta over"
                    + " its first half (default: 0, none)")
    int klCycles;

    @Option(names = "--free-bits", paramLabel = "NATS", defaultValue = "0",
            description = "floor on each latent dimension's batch-averaged KL (Kingma et al. 2016; default: 0, none)")
    double freeBits;

    @Option(names = "--k", paramLabel = "K", defaultValue = "1",
            description = "importance samples per example for --objective iwae (default: ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--binarize", paramLabel = "MODE", defaultValue = "none",
            description = "dynamic: a fresh Bernoulli draw of every image each epoch (pictures in [0, 1]); none"
                    + " (default: ${DEFAULT-VALUE})")
    String binarize;

    @Option(names = "--passes-scale", paramLabel = "S",
            description = "iwae-1layer: multiply each stage of the paper's 3^i-pass schedule by S (e.g. 0.01: 36"
                    + " epochs instead of 3,280)")
    Double passesScale;

    @Option(names = "--precision", paramLabel = "P", defaultValue = "fp32",
            description = "matrix work of training: fp32, bf16 (bfloat16 products with float32 weights, loss and"
                    + " optimiser), or auto (bf16 for conv models where the CPU has AVX512-BF16 or AMX, where it"
                    + " measured faster; fp32 otherwise; default: ${DEFAULT-VALUE})")
    String precision;

    @Option(names = "--conditional",
            description = "conditional VAE: the one-hot label enters encoder and decoder (needs labelled data)")
    boolean conditional;

    @Option(names = {"--out", "-o"}, paramLabel = "MODEL_DIR", description = "model folder to write")
    Path out;

    @Option(names = "--overwrite",
            description = "replace the model already in --out with this new run (it is swapped out at the first"
                    + " checkpoint); without it such a folder is refused")
    boolean overwrite;

    @Option(names = "--resume", paramLabel = "MODEL_DIR",
            description = "continue the run checkpointed in MODEL_DIR (same settings and data; --epochs may extend it)")
    Path resume;

    /** Options that define a new run, refused with --resume (which continues with the saved ones). */
    private static final java.util.List<String> NEW_RUN_OPTIONS = java.util.List.of("--preset", "--batch-size",
            "--latent-dim", "--hidden", "--lr", "--optimizer", "--likelihood", "--seed", "--init", "--log-var-limit",
            "--clip-grad-norm", "--out", "--overwrite", "--limit-train", "--limit-test", "--objective", "--beta",
            "--kl-warmup", "--kl-cycles", "--free-bits", "--k", "--binarize", "--conditional", "--passes-scale",
            "--precision");

    /** Largest hidden width (Dense units or filters) accepted. */
    static final int MAX_HIDDEN = 65_536;
    /** Largest batch accepted. */
    static final int MAX_BATCH = 65_536;
    /** Largest latent size accepted (ModelConfig's limit, checked here before any data is read). */
    static final int MAX_LATENT = 4096;

    @Override
    public Integer call() throws Exception {
        if (resume != null) {
            return resume();
        }
        if (out == null) {
            throw new IllegalArgumentException("missing --out MODEL_DIR (or --resume MODEL_DIR)");
        }
        OutputGuard.trainingTarget(out, OutputGuard.inputs(data.input()), overwrite);
        Preset named = preset == null ? null : Preset.parse(preset);
        checkSizes();
        ObjectiveSpec objectiveSpec = new ObjectiveSpec(objective, beta, klWarmup, klCycles, freeBits, k);
        boolean dynamic = switch (binarize.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "dynamic" -> true;
            case "none" -> false;
            default -> throw new IllegalArgumentException("--binarize must be dynamic or none, got '" + binarize
                    + "'");
        };
        var devicePtr = Devices.parse(device);
        var log = spec.commandLine().getOut();
        DataSplits splits = data.load(spec.commandLine().getErr(), null);
        Preset p = named != null ? named : Preset.defaultFor(splits.spec());
        if (dynamic && !(splits.spec() instanceof vae4j.data.ImageSpec)) {
            throw new IllegalArgumentException("--binarize dynamic takes pictures; " + splits.name() + " is a "
                    + splits.spec().describe());
        }
        TrainConfig t = p.training().withLearningRate(learningRate).withSeed(seed).withClipGradNorm(clipGradNorm)
                .withObjective(objectiveSpec).withBinarize(dynamic || p.training().binarize())
                .withPrecision(Precision.isAuto(precision) ? Precision.FP32 : Precision.parse(precision));
        if (passesScale != null) {
            if (t.schedule().kind().equals(vae4j.train.LearningRateSchedule.CONSTANT)) {
                throw new IllegalArgumentException("--passes-scale shortens the IWAE paper's schedule: it needs"
                        + " --preset iwae-1layer");
            }
            var sch = vae4j.train.LearningRateSchedule.iwae(passesScale);
            t = t.withSchedule(sch).withEpochs(sch.epochs());
        }
        if (epochs != null) {
            t = t.withEpochs(epochs);
        }
        if (batchSize != null) {
            t = t.withBatchSize(batchSize);
        }
        if (optimizer != null) {
            t = t.withOptimizer(OptimizerKind.parse(optimizer));
        }
        ModelConfig m = p.model(splits.spec());
        if (likelihood != null) {
            m = m.withLikelihood(likelihood);
        }
        if (latentDim != null) {
            m = m.withLatentDim(latentDim);
        }
        if (hidden != null) {
            m = m.withHidden(hidden);
        }
        if (init != null) {
            m = m.withInit(Init.parse(init));
        }
        m = m.withLogVarLimit(logVarLimit);
        if (conditional) {
            m = m.withClasses(classes(splits));
        }
        checkMemory(m, t.batchSize());
        if (Precision.isAuto(precision)) {
            t = t.withPrecision(Precision.auto(m.architecture().denseOnly()));
        }
        return exitCode(TrainingRun.start(splits, m, t, devicePtr, out, checkpointEvery, log, Main.isTerminal()));
    }

    private Integer resume() throws java.io.IOException {
        var parsed = spec.commandLine().getParseResult();
        for (String o : NEW_RUN_OPTIONS) {
            if (parsed.hasMatchedOption(o)) {
                throw new IllegalArgumentException(o + " cannot be combined with --resume, which continues with the"
                        + " saved settings (only --epochs, --data/--dataset, --device and --checkpoint-every apply)");
            }
        }
        if (!ModelDirectory.isModelFolder(resume)) {
            throw new java.nio.file.NoSuchFileException(resume.toString(), null, java.nio.file.Files.exists(resume)
                    ? "not a vae4j model folder: nothing to resume" : "model folder not found: nothing to resume");
        }
        SavedModel saved;
        try (var lock = vae4j.store.TrainingLock.acquire(resume)) {
            if (ModelDirectory.recover(resume)) {
                spec.commandLine().getErr().println("vae4j: " + resume + " restored from its previous checkpoint"
                        + " (a save was interrupted)");
            }
            saved = ModelDirectory.load(resume);
        }
        TrainConfig t = saved.training();
        if (epochs != null) {
            t = t.withEpochs(epochs);
        }
        if (saved.progress().finished(t.epochs())) {
            int n = saved.history().size();
            spec.commandLine().getOut().println(resume + " has finished its " + n + " epochs; nothing to do (pass"
                    + " --epochs M > " + n + " to train further)");
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        var devicePtr = Devices.parse(device);
        DataSplits splits = ModelOptions.dataFor(saved, data, spec.commandLine().getErr());
        splits = splits.limit(saved.dataset().trainSize(), saved.dataset().testSize());
        if (!splits.sha256().equals(saved.dataset().sha256())) {
            throw new DatasetUnavailableException("the data differs from what " + resume + " was trained on ("
                    + saved.dataset().name() + ", SHA-256 " + saved.dataset().sha256() + "); resuming on other data"
                    + " would not continue the same run");
        }
        return exitCode(TrainingRun.resume(saved, resume, splits, t, devicePtr, checkpointEvery,
                spec.commandLine().getOut(), Main.isTerminal()));
    }

    /** The number of classes for a conditional model: the label names, or the largest label + 1. */
    static int classes(DataSplits splits) {
        int[] labels = splits.train().labels();
        if (labels == null) {
            throw new IllegalArgumentException("--conditional needs labelled data, and " + splits.name()
                    + " has no labels (give --label-column, --labels, or class sub-folders)");
        }
        int max = -1;
        for (int l : labels) {
            max = Math.max(max, l);
        }
        int n = Math.max(max + 1, splits.train().classNames().size());
        if (n < 2) {
            throw new IllegalArgumentException("--conditional needs at least 2 classes; " + splits.name() + " has "
                    + n);
        }
        return n;
    }

    /** Caps on the sizes given on the command line, checked before any data is read. */
    private void checkSizes() {
        if (hidden != null) {
            for (int h : hidden) {
                if (h < 1 || h > MAX_HIDDEN) {
                    throw new IllegalArgumentException("--hidden sizes must be between 1 and " + MAX_HIDDEN + ", got "
                            + h);
                }
            }
        }
        if (latentDim != null && latentDim > MAX_LATENT) {
            throw new IllegalArgumentException("--latent-dim must be between 1 and " + MAX_LATENT + ", got "
                    + latentDim);
        }
        if (batchSize != null && batchSize > MAX_BATCH) {
            throw new IllegalArgumentException("--batch-size must be between 1 and " + MAX_BATCH + ", got "
                    + batchSize);
        }
    }

    /** Refuses a model whose training cannot fit in the memory this machine has available, before allocating it. */
    private static void checkMemory(ModelConfig m, int batch) {
        MemoryEstimate e = MemoryEstimate.of(m, batch);
        long available = MemoryEstimate.availableBytes();
        if (e.bytes() > available) {
            throw new IllegalArgumentException("this model needs " + e.describe() + " to train, but only "
                    + MemoryEstimate.human(available) + " is available; use smaller --hidden or --batch-size");
        }
    }

    private static int exitCode(TrainingRun.Outcome outcome) {
        if (!outcome.interrupted()) {
            return ExitCodes.OK;
        }
        return "SIGTERM".equals(outcome.signal()) ? ExitCodes.TERMINATED : ExitCodes.INTERRUPTED;
    }
}
