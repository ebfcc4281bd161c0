package vae4j.viz;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import vae4j.eval.DetectionMetrics;

/** ROC and precision-recall curves of several scores, and a histogram of one score by class, as PNG. */
public final class ScoreCurves {
    private ScoreCurves() {
    }

    /** ROC curves (false-positive rate vs true-positive rate), one series per score with its AUROC. */
    public static void writeRoc(Map<String, DetectionMetrics> metrics, String title, Path file) throws IOException {
        XYChart chart = chart(title, "false-positive rate", "true-positive rate (recall)");
        for (Map.Entry<String, DetectionMetrics> e : metrics.entrySet()) {
            line(chart, String.format(Locale.ROOT, "%s (AUROC %.3f)", e.getKey(), e.getValue().auroc()),
                    e.getValue().fpr(), e.getValue().tpr());
        }
        line(chart, "chance", new double[] {0, 1}, new double[] {0, 1}).setLineColor(Color.LIGHT_GRAY);
        Charts.writePng(chart, file);
    }

    /** Precision-recall curves, one series per score with its average precision. */
    public static void writePrecisionRecall(Map<String, DetectionMetrics> metrics, String title, Path file)
            throws IOException {
        XYChart chart = chart(title, "recall", "precision");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        for (Map.Entry<String, DetectionMetrics> e : metrics.entrySet()) {
            line(chart, String.format(Locale.ROOT, "%s (AUPRC %.3f)", e.getKey(), e.getValue().auprc()),
                    e.getValue().recall(), e.getValue().precision());
        }
        Charts.writePng(chart, file);
    }

    /**
     * Histogram of {@code scores} (40 equal bins between the 0.5 % and 99.5 % quantiles; values outside go to the end
     * bins), normal and anomalous examples as two overlapping series.
     */
    public static void writeHistogram(double[] scores, boolean[] anomaly, String score, String title, Path file)
            throws IOException {
        double[] sorted = scores.clone();
        java.util.Arrays.sort(sorted);
        double lo = sorted[(int) (0.005 * (sorted.length - 1))];
        double hi = sorted[(int) Math.ceil(0.995 * (sorted.length - 1))];
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        int bins = 40;
        double[] normal = new double[bins];
        double[] anomalous = new double[bins];
        for (int i = 0; i < scores.length; i++) {
            int b = (int) Math.floor((scores[i] - lo) / (hi - lo) * bins);
            b = Math.max(0, Math.min(bins - 1, b));
            (anomaly[i] ? anomalous : normal)[b]++;
        }
        List<String> centres = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            centres.add(String.format(Locale.ROOT, "%.4g", lo + (b + 0.5) * (hi - lo) / bins));
        }
        CategoryChart chart = new CategoryChartBuilder().width(900).height(500).title(title).xAxisTitle(score)
                .yAxisTitle("examples").build();
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisLabelRotation(90);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setSeriesColors(new Color[] {new Color(31, 119, 180, 160), new Color(214, 39, 40, 160)});
        chart.addSeries("normal", centres, toList(normal));
        chart.addSeries("anomalous", centres, toList(anomalous));
        Charts.writePng(chart, file);
    }

    private static List<Double> toList(double[] v) {
        List<Double> l = new ArrayList<>();
        for (double d : v) {
            l.add(d);
        }
        return l;
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(700).height(600).title(title).xAxisTitle(x).yAxisTitle(y).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setXAxisDecimalPattern("0.0").setYAxisDecimalPattern("0.0");
        chart.getStyler().setXAxisTickMarkSpacingHint(60).setYAxisTickMarkSpacingHint(60);
        return chart;
    }

    private static XYSeries line(XYChart chart, String name, double[] x, double[] y) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        return s;
    }
}
