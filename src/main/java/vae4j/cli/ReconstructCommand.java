package vae4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vae4j.store.SavedModel;

/** {@code vae4j reconstruct}: test images above their reconstructions. */
@Command(name = "reconstruct", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = "Draw test images (top) above their reconstructions from z_mean.")
final class ReconstructCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--n", defaultValue = "8", description = "number of images (default: ${DEFAULT-VALUE})")
    int n;

    @Option(names = {"--out", "-o"}, required = true, paramLabel = "FILE.png")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (n < 1 || n > 100) {
            throw new IllegalArgumentException("--n must be between 1 and 100, got " + n);
        }
        OutputGuard.file("--out", out, model.inputs(data));
        SavedModel m = model.load();
        var test = ModelOptions.dataFor(m, data, spec.commandLine().getErr()).test();
        Pictures.reconstructions(m.model(), test, n, out);
        spec.commandLine().getOut().println("wrote " + out + ": " + Math.min(n, test.size())
                + " test examples and their reconstructions");
        return ExitCodes.OK;
    }
}
