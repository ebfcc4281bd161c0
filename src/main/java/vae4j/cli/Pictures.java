package vae4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import vae4j.data.Dataset;
import vae4j.data.ImageSpec;
import vae4j.data.TableSpec;
import vae4j.eval.LatentCodes;
import vae4j.eval.LatentGrid;
import vae4j.eval.Pca;
import vae4j.model.ModelConfig;
import vae4j.model.Vae;
import vae4j.train.EpochMetrics;
import vae4j.viz.ImageGrid;
import vae4j.viz.LatentScatter;
import vae4j.viz.LossCurve;
import vae4j.viz.TableRows;

/**
 * The pictures of the Keras examples, made from a model: what {@code plot}, {@code generate}, {@code reconstruct} and
 * {@code demo} write. Grey and RGB images are drawn as PNG; a table model's decoded rows are written as CSV (its
 * latent scatter is a picture like any other).
 */
final class Pictures {
    private Pictures() {
    }

    /**
     * Scatter of the posterior means of {@code data}. Two-dimensional latents are drawn as they are; larger ones on
     * the dimensions {@code dims} if given, else on their two principal components. Returns the chart's title.
     */
    static String latent(Vae vae, Dataset data, int[] dims, Path out) throws IOException {
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
            title = "z_mean of " + n + " examples (latent 1; vertical jitter only)";
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
            title = String.format(Locale.ROOT, "z_mean of %d %s examples: dimensions %d and %d of %d", n, data.name(),
                    a, b, d);
            xl = "z[" + a + "]";
            yl = "z[" + b + "]";
        } else {
            Pca p = Pca.project(codes.mean(), n, d);
            x = p.x();
            y = p.y();
            title = String.format(Locale.ROOT, "PCA of z_mean (latent %d) of %d %s examples: PC1 %.0f%%, PC2 %.0f%% of"
                    + " variance", d, n, data.name(), 100 * p.explained1(), 100 * p.explained2());
            xl = "PC1";
            yl = "PC2";
        }
        LatentScatter.writePng(LatentScatter.chart(x, y, data.labels(), data.classNames(), title, xl, yl), out);
        return title;
    }

    /** True if {@code out} names a CSV file (what table models write instead of pictures). */
    static boolean isCsv(Path out) {
        return out.getFileName() != null && out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
    }

    /** The decoded {@code n x n} grid over latent dimensions 0 and 1 (PNG; CSV rows for a table model). */
    static void manifold(Vae vae, int n, LatentGrid.Spacing spacing, double range, Path out) throws IOException {
        manifold(vae, n, spacing, range, null, out);
    }

    /** As {@link #manifold(Vae, int, LatentGrid.Spacing, double, Path)}, of one class of a conditional model. */
    static void manifold(Vae vae, int n, LatentGrid.Spacing spacing, double range, Integer label, Path out)
            throws IOException {
        ModelConfig c = vae.config();
        if (c.conditional() && label == null) {
            throw new IllegalArgumentException("the model is conditional on " + c.classes() + " classes: give --label"
                    + " C to draw the plane of class C");
        }
        float[] z = LatentGrid.points(n, c.latentDim(), spacing, range);
        float[] decoded = LatentCodes.decode(vae, z, n * n, labelsFor(c, n * n, label));
        if (c.input() instanceof TableSpec t) {
            List<List<String>> prefix = new ArrayList<>();
            for (int i = 0; i < n * n; i++) {
                prefix.add(List.of(Float.toString(z[i * c.latentDim()]),
                        c.latentDim() > 1 ? Float.toString(z[i * c.latentDim() + 1]) : "0"));
            }
            TableRows.writeCsv(t, decoded, n * n, List.of("z0", "z1"), prefix, csvOut(out));
            return;
        }
        ImageSpec img = c.image();
        ImageGrid.writePng(ImageGrid.render(decoded, n, n, img.channels(), img.height(), img.width(), 0,
                n <= 20 ? 2 : 1), out);
    }

    /** {@code n} examples decoded from z ~ N(0, I): a square-ish grid (PNG), or CSV rows for a table model. */
    static void samples(Vae vae, int n, long seed, Path out) throws IOException {
        samples(vae, n, seed, null, out);
    }

    /**
     * {@code n} examples decoded from z ~ N(0, I), of class {@code label} for a conditional model (null: for a
     * conditional model, one row per class, in order); a picture sheet, or for {@code --out} ending in {@code .npy} a
     * float32 array {@code [n, ...input]}, for {@code .csv} one example per row (a table model's rows in its units).
     */
    static void samples(Vae vae, int n, long seed, Integer label, Path out) throws IOException {
        ModelConfig c = vae.config();
        Random rnd = new Random(seed);
        float[] z = new float[n * c.latentDim()];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) rnd.nextGaussian();
        }
        int[] labels = labelsFor(c, n, label);
        int cols = (int) Math.ceil(Math.sqrt(n));
        if (c.conditional() && label == null) {
            cols = (n + c.classes() - 1) / c.classes();
            for (int i = 0; i < n; i++) {
                labels[i] = Math.min(i / cols, c.classes() - 1);
            }
        }
        float[] decoded = LatentCodes.decode(vae, z, n, labels);
        if (vae4j.viz.ArrayFiles.isNpy(out)) {
            long[] shape = c.input().batchShape(n);
            vae4j.viz.ArrayFiles.writeNpy(decoded, shape, out);
            return;
        }
        if (c.input() instanceof ImageSpec && isCsv(out)) {
            vae4j.viz.ArrayFiles.writeCsv(decoded, n, c.inputSize(), labels, out);
            return;
        }
        if (c.input() instanceof TableSpec t) {
            TableRows.writeCsv(t, decoded, n, null, null, csvOut(out));
            return;
        }
        ImageSpec img = c.image();
        int rows = (n + cols - 1) / cols;
        float[] padded = java.util.Arrays.copyOf(decoded, rows * cols * img.features());
        ImageGrid.writePng(ImageGrid.render(padded, rows, cols, img.channels(), img.height(), img.width(), 2, 2), out);
    }

    /**
     * The first {@code n} examples of {@code data} (top row) above their reconstructions from z_mean (bottom row); for
     * a table model, CSV rows alternating {@code original} and {@code reconstruction}.
     */
    static void reconstructions(Vae vae, Dataset data, int n, Path out) throws IOException {
        ModelConfig c = vae.config();
        Dataset head = data.head(n);
        int m = head.size();
        int f = c.inputSize();
        LatentCodes codes = LatentCodes.encode(vae, head, vae.device());
        float[] recon = LatentCodes.decode(vae, codes.mean(), m, c.conditional() ? codes.labels() : null);
        float[] originals = new float[m * f];
        head.read(0, m, originals);
        if (c.input() instanceof TableSpec t) {
            float[] both = new float[2 * m * f];
            List<List<String>> prefix = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                System.arraycopy(originals, i * f, both, 2 * i * f, f);
                System.arraycopy(recon, i * f, both, (2 * i + 1) * f, f);
                prefix.add(List.of(Integer.toString(i), "original"));
                prefix.add(List.of(Integer.toString(i), "reconstruction"));
            }
            TableRows.writeCsv(t, both, 2 * m, List.of("index", "row"), prefix, csvOut(out));
            return;
        }
        ImageSpec img = c.image();
        float[] both = new float[2 * m * f];
        System.arraycopy(originals, 0, both, 0, m * f);
        System.arraycopy(recon, 0, both, m * f, m * f);
        ImageGrid.writePng(ImageGrid.render(both, 2, m, img.channels(), img.height(), img.width(), 2, 2), out);
    }

    /**
     * The label of each of {@code n} points: all {@code label} for a conditional model, null for an unconditional one.
     *
     * @throws IllegalArgumentException for a label outside the trained classes, or a label for an unconditional model
     */
    static int[] labelsFor(ModelConfig c, int n, Integer label) {
        if (!c.conditional()) {
            if (label != null) {
                throw new IllegalArgumentException("--label needs a conditional model (train with --conditional);"
                        + " this one takes no labels");
            }
            return null;
        }
        if (label != null && (label < 0 || label >= c.classes())) {
            throw new IllegalArgumentException("--label " + label + " is outside the trained classes 0.."
                    + (c.classes() - 1));
        }
        int[] labels = new int[n];
        java.util.Arrays.fill(labels, label == null ? 0 : label);
        return labels;
    }

    private static Path csvOut(Path out) {
        if (!isCsv(out)) {
            throw new IllegalArgumentException("a table model's decoded rows are written as CSV: give an --out path"
                    + " ending in .csv, not " + out);
        }
        return out;
    }

    /**
     * One row per latent dimension in {@code dims}: the code (z_mean) of example {@code index} of {@code data} with
     * that dimension swept over {@code [-range, range]} in {@code steps} steps. A conditional model keeps the example's
     * label.
     */
    static void traversal(Vae vae, Dataset data, int index, int[] dims, int steps, double range, Path out)
            throws IOException {
        ModelConfig c = vae.config();
        ImageSpec img = c.image();
        float[] code = codeOf(vae, data, index);
        int d = c.latentDim();
        float[] decoded = new float[dims.length * steps * img.features()];
        for (int r = 0; r < dims.length; r++) {
            float[] z = vae4j.eval.LatentPaths.traversal(code, dims[r], steps, range);
            float[] row = LatentCodes.decode(vae, z, steps, labelOf(c, data, index, steps));
            System.arraycopy(row, 0, decoded, r * steps * img.features(), row.length);
        }
        ImageGrid.writePng(ImageGrid.render(decoded, dims.length, steps, img.channels(), img.height(), img.width(), 2,
                2), out);
    }

    /**
     * Decoded paths between the codes (z_mean) of examples {@code from} and {@code to}: one row linear, one spherical
     * (or only the one named by {@code path}). A conditional model uses the label of {@code from}.
     */
    static void interpolation(Vae vae, Dataset data, int from, int to, int steps, String path, Path out)
            throws IOException {
        ModelConfig c = vae.config();
        ImageSpec img = c.image();
        float[] a = codeOf(vae, data, from);
        float[] b = codeOf(vae, data, to);
        List<float[]> rows = new ArrayList<>();
        if (path.equals("linear") || path.equals("both")) {
            rows.add(vae4j.eval.LatentPaths.linear(a, b, steps));
        }
        if (path.equals("spherical") || path.equals("both")) {
            rows.add(vae4j.eval.LatentPaths.spherical(a, b, steps));
        }
        float[] decoded = new float[rows.size() * steps * img.features()];
        for (int r = 0; r < rows.size(); r++) {
            float[] row = LatentCodes.decode(vae, rows.get(r), steps, labelOf(c, data, from, steps));
            System.arraycopy(row, 0, decoded, r * steps * img.features(), row.length);
        }
        ImageGrid.writePng(ImageGrid.render(decoded, rows.size(), steps, img.channels(), img.height(), img.width(), 2,
                2), out);
    }

    /** z_mean of example {@code index}. */
    private static float[] codeOf(Vae vae, Dataset data, int index) {
        if (index < 0 || index >= data.size()) {
            throw new IllegalArgumentException("example " + index + " is outside " + data.name() + " (0.."
                    + (data.size() - 1) + ")");
        }
        LatentCodes codes = LatentCodes.encode(vae, data.subset(data.name() + "[" + index + "]",
                new int[] {index}), vae.device());
        return codes.mean();
    }

    private static int[] labelOf(ModelConfig c, Dataset data, int index, int n) {
        return c.conditional() ? labelsFor(c, n, data.labels()[index]) : null;
    }

    /** Train and test -ELBO per epoch. */
    static void lossCurve(List<EpochMetrics> history, String title, Path out) throws IOException {
        LossCurve.writePng(history, title, out);
    }
}
