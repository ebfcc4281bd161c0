package vae4j.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vae4j.model.ModelSummary;
import vae4j.store.ModelCard;
import vae4j.train.EpochMetrics;

/** {@code vae4j summary}: the layer tables of a model, and how it was trained. */
@Command(name = "summary", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = "Print a model's layers with output shapes and parameter counts.")
final class SummaryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Override
    public Integer call() throws Exception {
        ModelCard m = model.describe();
        var out = spec.commandLine().getOut();
        out.print(render(m));
        out.flush();
        return ExitCodes.OK;
    }

    static String render(ModelCard m) {
        StringBuilder sb = new StringBuilder();
        var c = m.config();
        sb.append(String.format(Locale.ROOT, "Model: %s %s, latent %d, %s likelihood, input %s%n",
                c.architecture().id(), c.hidden(), c.latentDim(), c.likelihood().id(), c.input() instanceof
                        vae4j.data.ImageSpec i ? i.toString() : c.input().describe()));
        if (c.input() instanceof vae4j.data.TableSpec t) {
            for (vae4j.data.Column col : t.columns()) {
                sb.append(String.format(Locale.ROOT, "  column %-24s %-11s %s%n", col.name(), col.kind().id(),
                        col.kind() == vae4j.data.ColumnKind.NUMERIC ? String.format(Locale.ROOT, "mean %.4g, std %.4g",
                                col.mean(), col.std()) : "levels " + col.levels()));
            }
        }
        var t = m.training();
        sb.append(String.format(Locale.ROOT, "Trained: %s lr %g, batch %d, %d epochs, seed %d on %s (%,d train / %,d"
                        + " test, sha256 %s)%n%n", t.optimizer().id(), t.learningRate(), t.batchSize(), t.epochs(),
                t.seed(), m.dataset().name(), m.dataset().trainSize(), m.dataset().testSize(),
                m.dataset().sha256().length() > 12 ? m.dataset().sha256().substring(0, 12) + "..." : m.dataset()
                        .sha256()));
        if (!t.objective().plain() || t.binarize() || c.conditional()
                || !t.schedule().kind().equals(vae4j.train.LearningRateSchedule.CONSTANT)) {
            sb.append(String.format(Locale.ROOT, "Objective: %s%s%s%s%n%n", t.objective().describe(),
                    t.binarize() ? ", dynamic binarisation" : "",
                    t.schedule().kind().equals(vae4j.train.LearningRateSchedule.CONSTANT) ? ""
                            : ", IWAE learning-rate schedule (passes x " + t.schedule().passesScale() + ")",
                    c.conditional() ? ", conditional on " + c.classes() + " classes" : ""));
        }
        sb.append(ModelSummary.of(c).render());
        if (!m.history().isEmpty()) {
            EpochMetrics last = m.history().get(m.history().size() - 1);
            sb.append(String.format(Locale.ROOT, "After epoch %d: test -ELBO %.2f nats (recon %.2f + KL %.2f)%n",
                    last.epoch(), last.testLoss(), last.testReconstruction(), last.testKl()));
        }
        return sb.toString();
    }
}
