package vae4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vae4j.eval.LatentGrid;
import vae4j.store.SavedModel;

/** {@code vae4j plot latent|manifold}. */
@Command(name = "plot", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = "Draw the latent plane or the decoded manifold as PNG.",
        subcommands = {PlotCommand.Latent.class, PlotCommand.Manifold.class})
final class PlotCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing: latent or manifold");
    }

    @Command(name = "latent", mixinStandardHelpOptions = true, version = Main.VERSION,
            description = "Scatter z_mean of the test set, coloured by label, with a legend.")
    static final class Latent implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ModelOptions model = new ModelOptions();

        @Mixin
        DataOptions data = new DataOptions();

        @Option(names = "--split", defaultValue = "test", description = "train or test (default: ${DEFAULT-VALUE})")
        String split;

        @Option(names = "--dims", split = ",", paramLabel = "I,J",
                description = "two latent dimensions to show (default: 0,1 for latent 2, else a PCA projection)")
        List<Integer> dims;

        @Option(names = {"--out", "-o"}, required = true, paramLabel = "FILE.png")
        Path out;

        @Override
        public Integer call() throws Exception {
            OutputGuard.file("--out", out, model.inputs(data));
            SavedModel m = model.load();
            if (dims != null && dims.size() != 2) {
                throw new IllegalArgumentException("--dims takes two dimensions, e.g. --dims 0,1");
            }
            var d = ModelOptions.dataFor(m, data, spec.commandLine().getErr()).split(split);
            String title = Pictures.latent(m.model(), d, dims == null ? null : new int[] {dims.get(0), dims.get(1)},
                    out);
            spec.commandLine().getOut().println("wrote " + out + ": " + title);
            return ExitCodes.OK;
        }
    }

    @Command(name = "manifold", mixinStandardHelpOptions = true, version = Main.VERSION,
            description = "Decode an n x n grid over latent dimensions 0 and 1 (default: 15 x 15, linear over"
            + " [-4, 4]).")
    static final class Manifold implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ModelOptions model = new ModelOptions();

        @Option(names = "--n", defaultValue = "15", description = "grid size: n x n images (default: ${DEFAULT-VALUE})")
        int n;

        @Option(names = "--grid", defaultValue = "linear",
                description = "linear over [-range, range], or inverse-cdf (Gaussian quantiles of 0.05..0.95)"
                        + " (default: ${DEFAULT-VALUE})")
        String grid;

        @Option(names = "--range", defaultValue = "4", description = "half-width of a linear grid (default: "
                + "${DEFAULT-VALUE})")
        double range;

        @Option(names = {"--out", "-o"}, required = true, paramLabel = "FILE.png")
        Path out;

        @Override
        public Integer call() throws Exception {
            LatentGrid.Spacing spacing = switch (grid) {
                case "linear" -> LatentGrid.Spacing.LINEAR;
                case "inverse-cdf" -> LatentGrid.Spacing.INVERSE_CDF;
                default -> throw new IllegalArgumentException("unknown --grid '" + grid
                        + "' (expected linear or inverse-cdf)");
            };
            if (n < 2 || n > 100) {
                throw new IllegalArgumentException("--n must be between 2 and 100, got " + n);
            }
            OutputGuard.file("--out", out, model.inputs(null));
            SavedModel m = model.load();
            Pictures.manifold(m.model(), n, spacing, range, out);
            spec.commandLine().getOut().println("wrote " + out + ": " + n + "x" + n + " decoded grid ("
                    + grid + (spacing == LatentGrid.Spacing.LINEAR ? ", range " + range : "") + ")");
            return ExitCodes.OK;
        }
    }
}
