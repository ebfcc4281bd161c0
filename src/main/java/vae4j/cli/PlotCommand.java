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

/** {@code vae4j plot latent|manifold|traversal|interpolate}. */
@Command(name = "plot", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = "Draw the latent plane, the decoded manifold, latent traversals or interpolations as PNG.",
        subcommands = {PlotCommand.Latent.class, PlotCommand.Manifold.class, PlotCommand.Traversal.class,
                PlotCommand.Interpolate.class})
final class PlotCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "missing: latent, manifold, traversal or interpolate");
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

        @Option(names = "--label", paramLabel = "C", description = "class whose plane to draw (conditional models)")
        Integer label;

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
            Pictures.labelsFor(m.model().config(), 1, label);
            Pictures.manifold(m.model(), n, spacing, range, label, out);
            spec.commandLine().getOut().println("wrote " + out + ": " + n + "x" + n + " decoded grid ("
                    + grid + (spacing == LatentGrid.Spacing.LINEAR ? ", range " + range : "")
                    + (label == null ? "" : ", class " + label) + ")");
            return ExitCodes.OK;
        }
    }

    @Command(name = "traversal", mixinStandardHelpOptions = true, version = Main.VERSION,
            description = "One row per latent dimension: a test image's code with that dimension swept from -range to"
                    + " range (the beta-VAE figure).")
    static final class Traversal implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ModelOptions model = new ModelOptions();

        @Mixin
        DataOptions data = new DataOptions();

        @Option(names = "--split", defaultValue = "test", description = "train or test (default: ${DEFAULT-VALUE})")
        String split;

        @Option(names = "--index", defaultValue = "0", description = "the example whose code is swept (default:"
                + " ${DEFAULT-VALUE})")
        int index;

        @Option(names = "--dims", split = ",", paramLabel = "I,J,...",
                description = "latent dimensions, one row each (default: all, at most the first 20)")
        List<Integer> dims;

        @Option(names = "--steps", defaultValue = "9", description = "pictures per row (default: ${DEFAULT-VALUE})")
        int steps;

        @Option(names = "--range", defaultValue = "3", description = "sweep from -range to range (default:"
                + " ${DEFAULT-VALUE})")
        double range;

        @Option(names = {"--out", "-o"}, required = true, paramLabel = "FILE.png")
        Path out;

        @Override
        public Integer call() throws Exception {
            checkSteps(steps);
            if (!(range > 0) || Double.isInfinite(range)) {
                throw new IllegalArgumentException("--range must be a positive number, got " + range);
            }
            OutputGuard.file("--out", out, model.inputs(data));
            SavedModel m = model.load();
            if (!m.model().config().takesImages()) {
                throw new IllegalArgumentException("plot traversal draws pictures; this model takes "
                        + m.model().config().input().describe());
            }
            int d = m.model().config().latentDim();
            int[] rows;
            if (dims == null) {
                rows = new int[Math.min(d, 20)];
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = i;
                }
            } else {
                rows = dims.stream().mapToInt(Integer::intValue).toArray();
                for (int r : rows) {
                    if (r < 0 || r >= d) {
                        throw new IllegalArgumentException("--dims " + r + " is outside the latent dimensions 0.."
                                + (d - 1));
                    }
                }
            }
            var ds = ModelOptions.dataFor(m, data, spec.commandLine().getErr()).split(split);
            Pictures.traversal(m.model(), ds, index, rows, steps, range, out);
            spec.commandLine().getOut().println("wrote " + out + ": " + rows.length + " latent dimensions of "
                    + split + " example " + index + ", each swept over [-" + range + ", " + range + "]");
            return ExitCodes.OK;
        }
    }

    @Command(name = "interpolate", mixinStandardHelpOptions = true, version = Main.VERSION,
            description = "Decode the path between the codes of two examples: linear and spherical rows.")
    static final class Interpolate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ModelOptions model = new ModelOptions();

        @Mixin
        DataOptions data = new DataOptions();

        @Option(names = "--split", defaultValue = "test", description = "train or test (default: ${DEFAULT-VALUE})")
        String split;

        @Option(names = "--from", required = true, paramLabel = "I", description = "first example's index")
        int from;

        @Option(names = "--to", required = true, paramLabel = "J", description = "last example's index")
        int to;

        @Option(names = "--steps", defaultValue = "10", description = "pictures per row (default: ${DEFAULT-VALUE})")
        int steps;

        @Option(names = "--path", defaultValue = "both",
                description = "linear, spherical or both (one row each; default: ${DEFAULT-VALUE})")
        String path;

        @Option(names = {"--out", "-o"}, required = true, paramLabel = "FILE.png")
        Path out;

        @Override
        public Integer call() throws Exception {
            checkSteps(steps);
            if (!List.of("linear", "spherical", "both").contains(path)) {
                throw new IllegalArgumentException("--path must be linear, spherical or both, got '" + path + "'");
            }
            OutputGuard.file("--out", out, model.inputs(data));
            SavedModel m = model.load();
            if (!m.model().config().takesImages()) {
                throw new IllegalArgumentException("plot interpolate draws pictures; this model takes "
                        + m.model().config().input().describe());
            }
            var ds = ModelOptions.dataFor(m, data, spec.commandLine().getErr()).split(split);
            Pictures.interpolation(m.model(), ds, from, to, steps, path, out);
            spec.commandLine().getOut().println("wrote " + out + ": " + path + " interpolation from " + split
                    + " example " + from + " to " + to + " in " + steps + " steps");
            return ExitCodes.OK;
        }
    }

    static void checkSteps(int steps) {
        if (steps < 2 || steps > 100) {
            throw new IllegalArgumentException("--steps must be between 2 and 100, got " + steps);
        }
    }
}
