package vae4j.viz;

import java.io.IOException;
import java.nio.file.Path;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import vae4j.io.AtomicFiles;

/** Writes XChart charts as PNG, atomically. */
final class Charts {
    private Charts() {
    }

    static void writePng(Chart<?, ?> chart, Path file) throws IOException {
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
