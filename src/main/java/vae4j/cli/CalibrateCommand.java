package vae4j.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vae4j.data.Dataset;
import vae4j.eval.ExampleScore;
import vae4j.eval.ScoreThresholds;
import vae4j.store.SavedModel;

/** {@code vae4j calibrate}: a threshold per score from data the model should call normal, kept in the model folder. */
@Command(name = "calibrate", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = "Fit anomaly thresholds: the --quantile of every score on normal (validation) data, stored as "
                + ScoreThresholds.FILE + " in the model folder; 'vae4j score' then adds a flag column.")
final class CalibrateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    ScoreOptions scoring = new ScoreOptions();

    @Option(names = "--quantile", defaultValue = "0.99", description = "share of normal examples below the threshold"
            + " (default: ${DEFAULT-VALUE}: about 1 %% of normal examples flagged)")
    double quantile;

    @Override
    public Integer call() throws Exception {
        if (!(quantile > 0 && quantile < 1)) {
            throw new IllegalArgumentException("--quantile must be in (0, 1), got " + quantile);
        }
        scoring.settings();
        SavedModel m = model.load();
        var log = spec.commandLine().getOut();
        Dataset d = ModelOptions.dataFor(m, data, spec.commandLine().getErr()).split(scoring.split);
        ScoreOptions.checkFits(m, d, data);
        Map<String, double[]> scores = new LinkedHashMap<>();
        for (String name : ExampleScore.NAMES) {
            scores.put(name, new double[d.size()]);
        }
        int[] at = {0};
        scoring.run(m, d, "calibrating on", vae4j.train.Precision.FP32, log, s -> {
            for (String name : ExampleScore.NAMES) {
                scores.get(name)[at[0]] = s.value(name);
            }
            at[0]++;
        });
        Path folder = model.model;
        ScoreThresholds t = ScoreThresholds.fit(scores, quantile, scoring.k, scoring.seed, d.name(),
                ScoreThresholds.weightsSha256(folder));
        t.write(folder);
        log.printf(Locale.ROOT, "thresholds at the %s quantile of %,d examples:%n", quantile, d.size());
        t.thresholds().forEach((name, v) -> log.printf(Locale.ROOT, "  %-11s %14.4f%n", name, v));
        log.println("written to " + folder.resolve(ScoreThresholds.FILE));
        log.flush();
        return ExitCodes.OK;
    }
}
