package vae4j.viz;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import vae4j.train.EpochMetrics;

/** Training and test -ELBO per epoch, as PNG. */
public final class LossCurve {
    private LossCurve() {
    }

    /** Train and test -ELBO of each epoch of {@code history}. */
    public static void writePng(List<EpochMetrics> history, String title, Path file) throws IOException {
        List<Integer> epochs = new ArrayList<>();
        List<Double> train = new ArrayList<>();
        List<Double> test = new ArrayList<>();
        for (EpochMetrics m : history) {
            epochs.add(m.epoch());
            train.add(m.trainLoss());
            test.add(m.testLoss());
        }
        writePng(epochs, train, test, title, file);
    }

    /**
     * @param epochs epoch numbers
     * @param train  training -ELBO per image (average over the epoch)
     * @param test   test -ELBO per image (after the epoch)
     */
    public static void writePng(List<Integer> epochs, List<Double> train, List<Double> test, String title, Path file)
            throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("epoch")
                .yAxisTitle("-ELBO (nats per image)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisDecimalPattern("#");
        XYSeries tr = chart.addSeries("train", epochs, train);
        tr.setMarker(SeriesMarkers.CIRCLE);
        tr.setLineColor(new Color(0x1f77b4));
        tr.setMarkerColor(new Color(0x1f77b4));
        XYSeries te = chart.addSeries("test", epochs, test);
        te.setMarker(SeriesMarkers.DIAMOND);
        te.setLineColor(new Color(0xd62728));
        te.setMarkerColor(new Color(0xd62728));
        Charts.writePng(chart, file);
    }
}
