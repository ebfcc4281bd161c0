package vae4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vae4j.data.Dataset;
import vae4j.eval.Evaluation;
import vae4j.io.AtomicFiles;
import vae4j.store.SavedModel;
import vae4j.train.Precision;

/** {@code vae4j evaluate}: -ELBO, importance-weighted -log p(x), active units, KL per dimension. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = "Measure a model: -ELBO (reconstruction + KL), importance-weighted"
        + " -log p(x) with k samples, bits/dim, active units, KL per latent dimension.")
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--split", defaultValue = "test", description = "train or test (default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--k", defaultValue = "5000", description = "importance samples per image (default:"
            + " ${DEFAULT-VALUE}, the IWAE paper's protocol)")
    int k;

    @Option(names = "--binarize", defaultValue = "none",
            description = "none, or dynamic: draw each pixel once as Bernoulli(grey level), seeded")
    String binarize;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the samples (and of the binarisation)")
    long seed;

    @Option(names = "--precision", defaultValue = "fp32", paramLabel = "fp32|bf16", description = "bf16: the"
            + " encoder's and decoder's matrix work in bfloat16 (on CPUs with AVX512-BF16 1.4x faster for MLPs, 2x"
            + " for conv models; the figures move a little, the report says which); the likelihood stays float32"
            + " (default: ${DEFAULT-VALUE})")
    String precision;

    @Option(names = {"--out", "-o"}, paramLabel = "FILE.json",
            description = "report file outside the model folder (default: evaluation-SPLIT-kK.json in the model"
                    + " folder, with -binarized and -bf16 before .json when they apply)")
    Path out;

    @Override
    public Integer call() throws Exception {
        boolean dynamic = switch (binarize) {
            case "none" -> false;
            case "dynamic" -> true;
            default -> throw new IllegalArgumentException("unknown --binarize '" + binarize
                    + "' (expected none or dynamic)");
        };
        if (k < 1) {
            throw new IllegalArgumentException("--k must be >= 1, got " + k);
        }
        Precision p = Precision.parseInference(precision);
        OutputGuard.file("--out", out, model.inputs(data));
        SavedModel m = model.load();
        Dataset d = ModelOptions.dataFor(m, data, spec.commandLine().getErr()).split(split);
        var log = spec.commandLine().getOut();
        log.printf(Locale.ROOT, "evaluating %s on %,d %s examples, k = %d%s%s%n", model.model, d.size(), d.name(), k,
                dynamic ? ", dynamically binarised" : "", p == Precision.BF16 ? ", networks in bf16" : "");
        log.flush();
        // one batch per core (Engine.perCoreInferenceWorkers says how each worker is threaded); the report does not
        // depend on the number of workers
        int workers = m.model().device().is_cpu() ? vae4j.engine.Engine.perCoreInferenceWorkers() : 1;
        Evaluation.Report r;
        if (Main.isTerminal()) {
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("evaluate").setInitialMax(d.size())
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar
                            .ConsoleProgressBarConsumer(System.err, 100)).build()) {
                r = Evaluation.evaluate(m.model(), d, k, dynamic, seed, m.model().device(), workers, p, bar::stepTo);
            }
        } else {
            long[] last = {System.nanoTime()};
            r = Evaluation.evaluate(m.model(), d, k, dynamic, seed, m.model().device(), workers, p, done -> {
                if (System.nanoTime() - last[0] > 10_000_000_000L) {
                    last[0] = System.nanoTime();
                    log.printf(Locale.ROOT, "  %,d / %,d examples%n", done, d.size());
                    log.flush();
                }
            });
        }
        Path file = out != null ? out : model.model.resolve(String.format(Locale.ROOT, "evaluation-%s-k%d%s%s.json",
                split, k, dynamic ? "-binarized" : "", p == Precision.BF16 ? "-bf16" : ""));
        AtomicFiles.writeString(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(r));
        log.print(table(r));
        log.println("report written to " + file);
        log.flush();
        return ExitCodes.OK;
    }

    static String table(Evaluation.Report r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%n%-34s %12s %12s%n", "", "nats/example", "bits/dim"));
        sb.append(String.format(Locale.ROOT, "%-34s %12.2f %12.4f%n", "-ELBO", r.negElbo(), r.negElboBitsPerDim()));
        sb.append(String.format(Locale.ROOT, "%-34s %12.2f%n", "  reconstruction E_q[-log p(x|z)]",
                r.reconstruction()));
        sb.append(String.format(Locale.ROOT, "%-34s %12.2f%n", "  KL(q(z|x) || p(z))", r.kl()));
        sb.append(String.format(Locale.ROOT, "%-34s %12.2f %12.4f%n", "-log p(x), IWAE k=" + r.k(),
                r.negLogLikelihood(), r.negLogLikelihoodBitsPerDim()));
        sb.append(String.format(Locale.ROOT, "%nactive units (Cov_x E[z_u|x] > 0.01): %d of %d%n", r.activeUnits(),
                r.latentDim()));
        sb.append("KL per dimension:");
        for (int j = 0; j < r.klPerDimension().length; j++) {
            sb.append(String.format(Locale.ROOT, "%s z%d %.2f", j % 8 == 0 ? "\n " : "", j, r.klPerDimension()[j]));
        }
        sb.append(String.format(Locale.ROOT, "%n%,d examples in %.1f s%n", r.images(), r.seconds()));
        return sb.toString();
    }
}
