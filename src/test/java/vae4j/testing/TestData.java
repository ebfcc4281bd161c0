package vae4j.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;
import vae4j.data.DataSplits;
import vae4j.data.DatasetCatalogue;
import vae4j.data.Downloader;
import vae4j.data.IdxFile;
import vae4j.data.ImageDataset;

/** Real data for tests, and tiny IDX fixtures. */
public final class TestData {
    /** Where Debian's dataset-fashion-mnist package puts the files (installed by .ci/run). */
    public static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");
    private static DataSplits fashion;

    private TestData() {
    }

    /**
     * Fashion-MNIST from Debian's package, loaded once per test JVM; the test is skipped, with the reason shown, where
     * the package is not installed.
     */
    public static synchronized DataSplits fashionMnist() throws IOException {
        assumeTrue(Files.isDirectory(FASHION), "real-data test skipped: Fashion-MNIST is not installed"
                + " (apt-get install dataset-fashion-mnist)");
        if (fashion == null) {
            Path home = Files.createTempDirectory("vae4j-test-home");
            fashion = new DatasetCatalogue(home, new Downloader(Duration.ofSeconds(1), Duration.ofSeconds(1)), false,
                    m -> { }).load("fashion-mnist");
        }
        return fashion;
    }

    /** Writes {@code data}'s first {@code n} images and labels as MNIST-named IDX files (gzip) into {@code dir}. */
    public static void writeIdx(vae4j.data.Dataset data, int n, Path dir, String prefix) throws IOException {
        ImageDataset d = ((ImageDataset) data).head(n);
        byte[] labels = new byte[d.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) d.labels()[i];
        }
        gzip(dir.resolve(prefix + "-images-idx3-ubyte.gz"),
                IdxFile.encode(new int[] {d.size(), d.height(), d.width()}, d.pixels()));
        gzip(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), IdxFile.encode(new int[] {d.size()}, labels));
    }

    public static void gzip(Path file, byte[] content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        }
    }

    /** 8x8 grey images of one bright bar (row or column) at a random position; labels row / column. */
    public static ImageDataset bars(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        byte[] px = new byte[n * 64];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            boolean row = r.nextBoolean();
            int at = r.nextInt(8);
            labels[i] = row ? 0 : 1;
            for (int k = 0; k < 8; k++) {
                px[i * 64 + (row ? at * 8 + k : k * 8 + at)] = (byte) 255;
            }
        }
        return new ImageDataset("bars", 1, 8, 8, px, labels, java.util.List.of("row", "column"));
    }
}
