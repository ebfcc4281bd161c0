package vae4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import vae4j.data.ImageDataset;
import vae4j.eval.LatentCodes;
import vae4j.eval.LatentGrid;
import vae4j.eval.Pca;
import vae4j.model.ModelConfig;
import vae4j.model.Vae;
import vae4j.train.EpochMetrics;
import vae4j.viz.ImageGrid;
import vae4j.viz.LatentScatter;
import vae4j.viz.LossCurve;

/** The pictures of the Keras examples, made from a model: what {@code plot}, {@code generate}, {@code reconstruct}
 * and {@code demo} write. */
final class Pictures {
    private Pictures() {
    }

    /**
     * Scatter of the posterior means of {@code data}. Two-dimensional latents are drawn as they are; larger ones on
     * the dimensions {@code dims} if given, else on their two principal components. Returns the chart's title.
     */
    static String latent(Vae vae, ImageDataset data, int[] dims, Path out) throws IOException {
        LatentCodes codes = LatentCodes.encode(vae, data, vae.device());
        int d = codes.latentDim();
        int n = codes.size();
        double[] x = new double[n];
        double[] y = new double[n];
        String title;
        String xl;
        String yl;
        if (d == 1) {
            for (int i = 0; i < n; i++) {
                x[i] = codes.mean(i, 0);
                y[i] = new Random(i).nextGaussian() * 0.05;
            }
            title = "z_mean of " + n + " images (latent 1; vertical jitter only)";
            xl = "z[0]";
            yl = "jitter";
        } else if (d == 2 || dims != null) {
            int a = dims == null ? 0 : dims[0];
            int b = dims == null ? 1 : dims[1];
            if (a < 0 || b < 0 || a >= d || b >= d || a == b) {
                throw new IllegalArgumentException("--dims must name two different dimensions in 0.." + (d - 1));
            }
            for (int i = 0; i < n; i++) {
                x[i] = codes.mean(i, a);
                y[i] = codes.mean(i, b);
            }
            title = String.format(Locale.ROOT, "z_mean of %d %s images: dimensions %d and %d of %d", n, data.name(),
                    a, b, d);
            xl = "z[" + a + "]";
            yl = "z[" + b + "]";
        } else {
            Pca p = Pca.project(codes.mean(), n, d);
            x = p.x();
            y = p.y();
            title = String.format(Locale.ROOT, "PCA of z_mean (latent %d) of %d %s images: PC1 %.0f%%, PC2 %.0f%% of"
                    + " variance", d, n, data.name(), 100 * p.explained1(), 100 * p.explained2());
            xl = "PC1";
            yl = "PC2";
        }
        LatentScatter.writePng(LatentScatter.chart(x, y, data.labels(), data.classNames(), title, xl, yl), out);
        return title;
    }

    /** The decoded {@code n x n} grid over latent dimensions 0 and 1. */
    static void manifold(Vae vae, int n, LatentGrid.Spacing spacing, double range, Path out) throws IOException {
        ModelConfig c = vae.config();
        if (c.channels() != 1) {
            throw new IllegalArgumentException("only single-channel images can be drawn, model has " + c.channels());
        }
        float[] z = LatentGrid.points(n, c.latentDim(), spacing, range);
        float[] images = LatentCodes.decode(vae, z, n * n);
        ImageGrid.writePng(ImageGrid.render(images, n, n, c.height(), c.width(), 0, n <= 20 ? 2 : 1), out);
    }

    /** {@code n} images decoded from z ~ N(0, I), on a square-ish grid. */
    static void samples(Vae vae, int n, long seed, Path out) throws IOException {
        ModelConfig c = vae.config();
        Random rnd = new Random(seed);
        float[] z = new float[n * c.latentDim()];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) rnd.nextGaussian();
        }
        float[] images = LatentCodes.decode(vae, z, n);
        int cols = (int) Math.ceil(Math.sqrt(n));
        int rows = (n + cols - 1) / cols;
        float[] padded = java.util.Arrays.copyOf(images, rows * cols * c.height() * c.width());
        ImageGrid.writePng(ImageGrid.render(padded, rows, cols, c.height(), c.width(), 2, 2), out);
    }

    /** The first {@code n} images of {@code data} (top row) above their reconstructions from z_mean (bottom row). */
    static void reconstructions(Vae vae, ImageDataset data, int n, Path out) throws IOException {
        ModelConfig c = vae.config();
        ImageDataset head = data.head(n);
        int m = head.size();
        LatentCodes codes = LatentCodes.encode(vae, head, vae.device());
        float[] recon = LatentCodes.decode(vae, codes.mean(), m);
        int px = c.height() * c.width();
        float[] both = new float[2 * m * px];
        for (int i = 0; i < m * px; i++) {
            both[i] = (head.pixels()[i] & 0xff) / 255f;
        }
        System.arraycopy(recon, 0, both, m * px, m * px);
        ImageGrid.writePng(ImageGrid.render(both, 2, m, c.height(), c.width(), 2, 2), out);
    }

    /** Train and test -ELBO per epoch. */
    static void lossCurve(List<EpochMetrics> history, String title, Path out) throws IOException {
        LossCurve.writePng(history, title, out);
    }
}
