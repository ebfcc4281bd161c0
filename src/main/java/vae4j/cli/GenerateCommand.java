package vae4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vae4j.store.SavedModel;

/** {@code vae4j generate}: images decoded from the prior. */
@Command(name = "generate", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = "Decode samples z ~ N(0, I) into a sheet of images (or a .npy array or .csv rows).")
final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--n", defaultValue = "64", description = "number of samples (default: ${DEFAULT-VALUE})")
    int n;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the prior samples")
    long seed;

    @Option(names = "--label", paramLabel = "C",
            description = "class to draw (conditional models; default: one row per class)")
    Integer label;

    @Option(names = {"--out", "-o"}, required = true, paramLabel = "FILE.png|FILE.npy|FILE.csv",
            description = "a picture sheet; .npy: float32 array [n, c, h, w]; .csv: one example per row")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (n < 1 || n > 10_000) {
            throw new IllegalArgumentException("--n must be between 1 and 10000, got " + n);
        }
        OutputGuard.file("--out", out, model.inputs(null));
        SavedModel m = model.load();
        Pictures.labelsFor(m.model().config(), 1, label);
        Pictures.samples(m.model(), n, seed, label, out);
        spec.commandLine().getOut().println("wrote " + out + ": " + n + " samples from the prior"
                + (label == null ? "" : " of class " + label));
        return ExitCodes.OK;
    }
}
