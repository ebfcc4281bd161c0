package vae4j.viz;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The latent plane: one dot per example, coloured by label, with a legend (the Keras example's scatter plot). */
public final class LatentScatter {
    /** Ten well-separated colours (matplotlib's tab10), so class colours match what users know from the examples. */
    private static final Color[] TAB10 = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf)};

    private LatentScatter() {
    }

    /**
     * @param x          horizontal coordinates {@code [n]}
     * @param y          vertical coordinates {@code [n]}
     * @param labels     {@code [n]} labels, or null for one colour
     * @param classNames display name of each label (index = label); may be shorter than the labels used
     * @param title      chart title, e.g. which dimensions or projection are shown
     */
    public static XYChart chart(double[] x, double[] y, int[] labels, List<String> classNames, String title,
                                String xLabel, String yLabel) {
        XYChart chart = new XYChartBuilder().width(900).height(760).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        Styler s = chart.getStyler();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(4);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setAntiAlias(true);
        TreeMap<Integer, List<Integer>> byLabel = new TreeMap<>();
        for (int i = 0; i < x.length; i++) {
            byLabel.computeIfAbsent(labels == null ? 0 : labels[i], k -> new ArrayList<>()).add(i);
        }
        for (var e : byLabel.entrySet()) {
            List<Integer> idx = e.getValue();
            double[] xs = new double[idx.size()];
            double[] ys = new double[idx.size()];
            for (int k = 0; k < xs.length; k++) {
                xs[k] = x[idx.get(k)];
                ys[k] = y[idx.get(k)];
            }
            int label = e.getKey();
            String name = labels == null ? "all (" + x.length + ")"
                    : label < classNames.size() ? label + " " + classNames.get(label) : Integer.toString(label);
            if (labels != null && label < classNames.size() && classNames.get(label).equals(Integer.toString(label))) {
                name = Integer.toString(label);
            }
            XYSeries series = chart.addSeries(name, xs, ys);
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setMarkerColor(TAB10[Math.floorMod(label, TAB10.length)]);
        }
        return chart;
    }

    /** Renders {@link #chart} to a PNG file, atomically. */
    public static void writePng(XYChart chart, Path file) throws IOException {
        Charts.writePng(chart, file);
    }
}
