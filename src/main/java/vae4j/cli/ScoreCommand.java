package vae4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vae4j.data.Dataset;
import vae4j.eval.DetectionMetrics;
import vae4j.eval.ExampleScore;
import vae4j.eval.PcaBaseline;
import vae4j.eval.ScoreThresholds;
import vae4j.io.AtomicFiles;
import vae4j.store.SavedModel;
import vae4j.train.Precision;
import vae4j.viz.ScoreCurves;

/**
 * {@code vae4j score}: per-example anomaly scores as CSV (streamed: constant memory per row), with metrics, ROC,
 * precision-recall and histogram pictures when labels say which examples are anomalies.
 */
@Command(name = "score", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = "Anomaly scores per example (higher = more anomalous): neg_elbo = recon + kl, neg_log_px"
                + " (importance-weighted, k samples), corrected = neg_log_px minus the example's compressed length"
                + " in nats (PNG for images, deflate for table rows); for tables the column explaining most of recon."
                + " With --labels-as-anomalies: AUROC, AUPRC, recall at 1 %% FPR, ROC/PR/histogram PNGs.")
final class ScoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    DataOptions data = new DataOptions();

    @Mixin
    ScoreOptions scoring = new ScoreOptions();

    @Option(names = {"--out", "-o"}, required = true, paramLabel = "FILE.csv", description = "the scores; with"
            + " --labels-as-anomalies also FILE-metrics.json, FILE-roc.png, FILE-pr.png, FILE-hist.png beside it")
    Path out;

    @Option(names = "--labels-as-anomalies", split = ",", paramLabel = "L[,L...]", description = "labels (class"
            + " names or numbers) of the anomalous examples; every other labelled example is normal")
    List<String> anomalyLabels;

    @Option(names = "--flag-score", defaultValue = "neg_log_px", paramLabel = "SCORE", description = "with thresholds"
            + " from 'vae4j calibrate': the score whose threshold sets the flag column (default: ${DEFAULT-VALUE})")
    String flagScore;

    @Option(names = "--precision", defaultValue = "fp32", paramLabel = "fp32|bf16", description = "bf16: the"
            + " encoder's and decoder's matrix work in bfloat16, at k = 100 1.3x faster for MLPs and 2x for conv"
            + " models on CPUs with AVX512-BF16; every score moves a little (compare bf16 scores with bf16 scores;"
            + " calibrate's thresholds are float32) (default: ${DEFAULT-VALUE})")
    String precision;

    @Option(names = "--pca-baseline", paramLabel = "M", description = "also score by the squared reconstruction error"
            + " of a PCA with M components fitted on (up to 20,000 examples of) the model's training split")
    Integer pcaComponents;

    @Override
    public Integer call() throws Exception {
        scoring.settings();
        if (!ExampleScore.NAMES.contains(flagScore)) {
            throw new IllegalArgumentException("--flag-score: unknown score '" + flagScore + "' (expected one of "
                    + String.join(", ", ExampleScore.NAMES) + ")");
        }
        String stem = out.toString().replaceFirst("\\.csv$", "");
        Path metricsFile = Path.of(stem + "-metrics.json");
        Path rocFile = Path.of(stem + "-roc.png");
        Path prFile = Path.of(stem + "-pr.png");
        Path histFile = Path.of(stem + "-hist.png");
        var inputs = model.inputs(data);
        OutputGuard.file("--out", out, inputs);
        if (anomalyLabels != null) {
            for (Path p : List.of(metricsFile, rocFile, prFile, histFile)) {
                OutputGuard.file("--out", p, inputs);
            }
        }
        Precision p = Precision.parseInference(precision);
        SavedModel m = model.load();
        var log = spec.commandLine().getOut();
        Dataset d = ModelOptions.dataFor(m, data, spec.commandLine().getErr()).split(scoring.split);
        ScoreOptions.checkFits(m, d, data);
        boolean[] anomaly = anomalyLabels == null ? null : anomalies(d, anomalyLabels);
        ScoreThresholds thresholds = ScoreThresholds.read(model.model);
        if (thresholds != null && !thresholds.matches(ScoreThresholds.weightsSha256(model.model))) {
            spec.commandLine().getErr().println("vae4j: warning: " + ScoreThresholds.FILE + " was fitted on other"
                    + " weights (the model was trained again since); run 'vae4j calibrate' again");
            spec.commandLine().getErr().flush();
        }
        if (thresholds != null && p == Precision.BF16) {
            spec.commandLine().getErr().println("vae4j: warning: " + ScoreThresholds.FILE + " holds float32"
                    + " thresholds; with --precision bf16 an example very near one may be flagged differently");
            spec.commandLine().getErr().flush();
        }
        double[] pca = pcaComponents == null ? null : pcaScores(m, d, log);
        List<String> names = new ArrayList<>(ExampleScore.NAMES);
        Map<String, double[]> kept = new LinkedHashMap<>();
        if (anomaly != null) {
            names.forEach(n -> kept.put(n, new double[d.size()]));
        }
        boolean table = !m.model().config().takesImages();
        boolean labelled = d.hasLabels();
        List<String> classes = d.classNames();
        int[] row = {0};
        AtomicFiles.write(out, stream -> {
            Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            StringBuilder header = new StringBuilder("index");
            if (labelled) {
                header.append(",label");
            }
            if (anomaly != null) {
                header.append(",anomaly");
            }
            names.forEach(n -> header.append(',').append(n));
            if (pca != null) {
                header.append(",pca_recon");
            }
            if (table) {
                header.append(",top_column,top_column_share");
            }
            if (thresholds != null) {
                header.append(",flag");
            }
            w.write(header.append('\n').toString());
            try {
                scoring.run(m, d, "scoring", p, log, s -> {
                    StringBuilder sb = new StringBuilder(200).append(s.index());
                    if (labelled) {
                        sb.append(',').append(label(s.label(), classes));
                    }
                    if (anomaly != null) {
                        sb.append(',').append(anomaly[s.index()] ? 1 : 0);
                    }
                    for (String n : names) {
                        double v = s.value(n);
                        sb.append(',').append(v);
                        if (anomaly != null) {
                            kept.get(n)[s.index()] = v;
                        }
                    }
                    if (pca != null) {
                        sb.append(',').append(pca[s.index()]);
                    }
                    if (table) {
                        sb.append(',').append(csv(s.topColumn())).append(',').append(s.topShare());
                    }
                    if (thresholds != null) {
                        sb.append(',').append(thresholds.flags(flagScore, s.value(flagScore)) ? 1 : 0);
                    }
                    try {
                        w.write(sb.append('\n').toString());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    row[0]++;
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            w.flush();
        });
        log.printf(Locale.ROOT, "wrote %,d rows to %s%n", row[0], out);
        if (anomaly != null) {
            if (pca != null) {
                kept.put("pca_recon", pca);
            }
            report(kept, anomaly, d.name(), metricsFile, rocFile, prFile, histFile, log);
        }
        log.flush();
        return ExitCodes.OK;
    }

    private double[] pcaScores(SavedModel m, Dataset d, java.io.PrintWriter log) throws IOException {
        Dataset train = ModelOptions.dataFor(m, new DataOptions(), spec.commandLine().getErr()).train();
        long start = System.nanoTime();
        try (PcaBaseline p = PcaBaseline.fit(train, pcaComponents, 20_000)) {
            int f = d.spec().features();
            double[] out = new double[d.size()];
            int bs = 256;
            float[] v = new float[bs * f];
            for (int from = 0; from < d.size(); from += bs) {
                int b = Math.min(bs, d.size() - from);
                d.read(from, b, v);
                System.arraycopy(p.score(v, b), 0, out, from, b);
            }
            log.printf(Locale.ROOT, "PCA baseline: %d components fitted on %,d examples of %s (%.1f s)%n",
                    pcaComponents, Math.min(20_000, train.size()), train.name(), (System.nanoTime() - start) / 1e9);
            return out;
        }
    }

    private static String label(int label, List<String> classes) {
        if (label < 0) {
            return "";
        }
        return label < classes.size() ? csv(classes.get(label)) : Integer.toString(label);
    }

    private static String csv(String s) {
        if (s == null) {
            return "";
        }
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    /** Which examples are anomalies: labels given as class names or numbers. */
    static boolean[] anomalies(Dataset d, List<String> given) {
        if (!d.hasLabels()) {
            throw new IllegalArgumentException("--labels-as-anomalies: " + d.name() + " has no labels");
        }
        List<String> classes = d.classNames();
        Set<Integer> codes = new LinkedHashSet<>();
        for (String g : given) {
            String t = g.strip();
            int at = classes.indexOf(t);
            if (at >= 0) {
                codes.add(at);
                continue;
            }
            try {
                codes.add(Integer.parseInt(t));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--labels-as-anomalies: no class '" + t + "' in " + d.name()
                        + (classes.isEmpty() ? "" : " (classes: " + String.join(", ", classes) + ")"));
            }
        }
        int[] labels = d.labels();
        boolean[] a = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            a[i] = codes.contains(labels[i]);
        }
        return a;
    }

    private void report(Map<String, double[]> scores, boolean[] anomaly, String dataName, Path metricsFile,
                        Path rocFile, Path prFile, Path histFile, java.io.PrintWriter log) throws IOException {
        Map<String, DetectionMetrics> metrics = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : scores.entrySet()) {
            metrics.put(e.getKey(), DetectionMetrics.of(e.getValue(), anomaly));
        }
        DetectionMetrics any = metrics.values().iterator().next();
        log.printf(Locale.ROOT, "%n%,d anomalies, %,d normal examples%n%-12s %8s %8s %14s%n", any.anomalies(),
                any.normals(), "score", "AUROC", "AUPRC", "recall@1%FPR");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("data", dataName);
        json.put("k", scoring.k);
        json.put("seed", scoring.seed);
        json.put("anomalies", any.anomalies());
        json.put("normals", any.normals());
        Map<String, Object> per = new LinkedHashMap<>();
        metrics.forEach((name, mt) -> {
            log.printf(Locale.ROOT, "%-12s %8.4f %8.4f %14.4f%n", name, mt.auroc(), mt.auprc(), mt.recallAt1Fpr());
            per.put(name, Map.of("auroc", mt.auroc(), "auprc", mt.auprc(), "recall_at_1pct_fpr", mt.recallAt1Fpr()));
        });
        json.put("scores", per);
        AtomicFiles.writeString(metricsFile, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(json) + "\n");
        ScoreCurves.writeRoc(metrics, "ROC: " + dataName, rocFile);
        ScoreCurves.writePrecisionRecall(metrics, "precision-recall: " + dataName, prFile);
        ScoreCurves.writeHistogram(scores.get(flagScore), anomaly, flagScore, flagScore + " by class: " + dataName,
                histFile);
        log.printf(Locale.ROOT, "metrics in %s; pictures %s, %s, %s%n", metricsFile, rocFile, prFile, histFile);
    }
}
