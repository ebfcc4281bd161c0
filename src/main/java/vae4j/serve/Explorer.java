package vae4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.bytedeco.pytorch.Tensor;
import vae4j.data.Column;
import vae4j.data.Dataset;
import vae4j.data.ImageSpec;
import vae4j.data.TableSpec;
import vae4j.engine.NoGrad;
import vae4j.engine.Scope;
import vae4j.engine.Tensors;
import vae4j.eval.LatentCodes;
import vae4j.loader.Batches;
import vae4j.model.ModelConfig;
import vae4j.model.ModelSummary;
import vae4j.model.Vae;
import vae4j.store.SavedModel;
import vae4j.train.EpochMetrics;
import vae4j.viz.ImageGrid;

/**
 * What the explorer shows, independent of HTTP: a loaded model, one split of its data encoded once at start-up (posterior
 * means, the plane, a score per example), and the pictures or table rows the page asks for. Every method is safe to
 * call from many threads at once: the model is only read (evaluation mode is set once, here), decoder passes run on
 * the {@link DecodePool}, and the data set is read under a lock.
 *
 * <p>For a conditional model ({@link ModelConfig#conditional()}) each example is encoded and scored with its own
 * label (the data must have labels), and every decode takes a class: {@code label} in 0..classes-1, required. An
 * unconditional model refuses a label. Either mistake is an {@link ApiException} (400).
 */
public final class Explorer {
    /** Most interpolation steps in one strip. */
    public static final int MAX_STEPS = 64;
    /** Most samples in one grid. */
    public static final int MAX_SAMPLES = 256;
    /** Largest manifold side. */
    public static final int MAX_MANIFOLD = 40;
    /** Largest pixel scale of a picture. */
    public static final int MAX_SCALE = 16;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Vae vae;
    private final ModelConfig config;
    private final Dataset data;
    private final LatentCodes codes;
    private final LatentPlane plane;
    private final ExampleScores scorer;
    private final double[] scores;
    private final DecodePool pool;
    private final String modelJson;

    /**
     * Encodes and scores every example of {@code data} (the split to show).
     *
     * @param modelDir the model folder, for evaluation reports shown in the side panel; may be null
     * @param dims     two latent dimensions to draw, or null for the latent itself (size 2) or its PCA
     */
    public Explorer(SavedModel model, Dataset data, Path modelDir, ExampleScores scorer, int[] dims, DecodePool pool)
            throws IOException {
        this.vae = model.model();
        this.config = vae.config();
        config.checkInput(data.name(), data.spec());
        vae4j.eval.Scorer.checkLabels(config, data);
        this.data = data;
        this.pool = pool;
        this.scorer = scorer;
        vae.train(false);
        this.codes = LatentCodes.encode(vae, data, vae.device());
        this.plane = LatentPlane.of(codes, dims);
        this.scores = scorer.score(vae, data);
        this.modelJson = JSON.writeValueAsString(describe(model, modelDir));
    }

    /** Number of examples shown. */
    public int size() {
        return codes.size();
    }

    /** The latent size. */
    public int latentDim() {
        return codes.latentDim();
    }

    /** The plane the points are drawn on. */
    public LatentPlane plane() {
        return plane;
    }

    /** Example {@code i}'s score ({@link ExampleScores}). */
    public double score(int i) {
        return scores[i];
    }

    private boolean isTable() {
        return config.input() instanceof TableSpec;
    }

    private ObjectNode describe(SavedModel m, Path modelDir) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("dataset", m.dataset().name());
        o.put("split", data.name());
        o.put("examples", codes.size());
        o.put("architecture", config.architecture().id());
        o.putPOJO("hidden", config.hidden());
        o.put("latent", config.latentDim());
        o.put("likelihood", config.likelihood().id());
        o.put("parameters", vae.parameterCount());
        ObjectNode input = o.putObject("input");
        if (config.input() instanceof ImageSpec img) {
            input.put("kind", "image");
            input.put("channels", img.channels());
            input.put("height", img.height());
            input.put("width", img.width());
        } else {
            input.put("kind", "table");
            ArrayNode cols = input.putArray("columns");
            for (Column c : ((TableSpec) config.input()).columns()) {
                cols.add(c.name());
            }
        }
        ArrayNode classes = o.putArray("classes");
        classNames().forEach(classes::add);
        o.put("labelled", data.labels() != null);
        // the page shows a class selector when this is true; its value is sent as label= with every decode
        o.put("conditional", config.conditional());
        o.put("summary", ModelSummary.of(config).render());
        ObjectNode s = o.putObject("score");
        s.put("name", scorer.name());
        s.put("unit", scorer.unit());
        ObjectNode p = o.putObject("plane");
        p.put("kind", plane.kind());
        p.put("labelX", plane.labelX());
        p.put("labelY", plane.labelY());
        p.putPOJO("origin", plane.origin());
        p.putPOJO("axisX", plane.axisX());
        p.putPOJO("axisY", plane.axisY());
        ArrayNode history = o.putArray("history");
        for (EpochMetrics e : m.history()) {
            ObjectNode h = history.addObject();
            h.put("epoch", e.epoch());
            h.put("train", e.trainLoss());
            h.put("test", e.testLoss());
        }
        ArrayNode evals = o.putArray("evaluations");
        if (modelDir != null && Files.isDirectory(modelDir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(modelDir, "evaluation*.json")) {
                List<Path> files = new ArrayList<>();
                ds.forEach(files::add);
                files.sort(null);
                for (Path f : files) {
                    if (Files.isRegularFile(f) && Files.size(f) < 1 << 20) {
                        try {
                            ObjectNode e = evals.addObject();
                            e.put("file", f.getFileName().toString());
                            e.set("report", JSON.readTree(f.toFile()));
                        } catch (IOException ignored) {
                            evals.remove(evals.size() - 1); // not JSON: not shown
                        }
                    }
                }
            }
        }
        return o;
    }

    /**
     * The names of the classes: the data's; for a conditional model exactly {@code classes} of them (numbers where
     * the data names fewer).
     */
    private List<String> classNames() {
        List<String> names = data.classNames();
        if (!config.conditional() || names.size() == config.classes()) {
            return names;
        }
        List<String> out = new ArrayList<>();
        for (int k = 0; k < config.classes(); k++) {
            out.add(k < names.size() ? names.get(k) : String.valueOf(k));
        }
        return out;
    }

    /**
     * The labels of {@code n} decoded points, all of class {@code label}: null for an unconditional model.
     *
     * @throws ApiException (400) if a conditional model gets no label or one outside 0..classes-1, or an
     *                      unconditional model gets one
     */
    int[] labels(Integer label, int n) {
        if (!config.conditional()) {
            if (label != null) {
                throw ApiException.badRequest("this model is not conditional: it takes no label");
            }
            return null;
        }
        if (label == null) {
            throw ApiException.badRequest("this model is conditional on " + config.classes()
                    + " classes: give label=0.." + (config.classes() - 1));
        }
        if (label < 0 || label >= config.classes()) {
            throw ApiException.badRequest("label must be in 0.." + (config.classes() - 1) + ", got " + label);
        }
        int[] out = new int[n];
        Arrays.fill(out, label);
        return out;
    }

    /** {@code GET /api/model}: the model card, the plane's axes and the score's name. */
    public Reply model() {
        return Reply.json(modelJson);
    }

    /** {@code GET /api/points}: the first {@code limit} examples (index, plane x/y, z_mean, label, score), columnar. */
    public Reply points(int limit) {
        int n = Math.min(limit, codes.size());
        int d = codes.latentDim();
        ObjectNode o = JSON.createObjectNode();
        o.put("count", n);
        o.put("total", codes.size());
        ArrayNode index = o.putArray("index");
        ArrayNode x = o.putArray("x");
        ArrayNode y = o.putArray("y");
        ArrayNode z = o.putArray("z");
        ArrayNode label = o.putArray("label");
        ArrayNode score = o.putArray("score");
        int[] labels = codes.labels();
        for (int i = 0; i < n; i++) {
            index.add(i);
            x.add((float) plane.x()[i]);
            y.add((float) plane.y()[i]);
            ArrayNode zi = z.addArray();
            for (int j = 0; j < d; j++) {
                zi.add(codes.mean(i, j));
            }
            if (labels == null) {
                label.addNull();
            } else {
                label.add(labels[i]);
            }
            score.add((float) scores[i]);
        }
        return write(o);
    }

    /**
     * {@code GET /api/decode}: E[x|z] (E[x|z, label] for a conditional model) of one latent vector {@code [latent]},
     * as PNG or a JSON row.
     *
     * @param label the class for a conditional model, null for an unconditional one
     */
    public Reply decode(float[] z, Integer label, int scale) {
        return render(decodeMean(z, 1, labels(label, 1)), 1, 1, scale, null);
    }

    /** {@code GET /api/example/INDEX}: example {@code i} as it is in the data, as PNG or a JSON row with its score. */
    public Reply example(int i, int scale) {
        checkIndex(i);
        float[] x = new float[config.inputSize()];
        synchronized (data) {
            data.read(new int[] {i}, x);
        }
        ObjectNode extra = JSON.createObjectNode();
        extra.put("index", i);
        if (codes.labels() != null) {
            int l = codes.labels()[i];
            extra.put("label", l);
            if (l >= 0 && l < data.classNames().size()) {
                extra.put("class", data.classNames().get(l));
            }
        }
        extra.put("score", scores[i]);
        return render(x, 1, 1, scale, extra);
    }

    /** Interpolation modes. */
    public enum Mode { LINEAR, SLERP }

    /**
     * {@code GET /api/interpolate}: {@code steps} points from example {@code from}'s z_mean to example {@code to}'s,
     * both included, decoded side by side (PNG strip, or JSON rows); for a conditional model all with class
     * {@code label} (null for an unconditional model).
     */
    public Reply interpolate(int from, int to, int steps, Mode mode, Integer label, int scale) {
        checkIndex(from);
        checkIndex(to);
        if (steps < 2 || steps > MAX_STEPS) {
            throw ApiException.badRequest("steps must be in 2.." + MAX_STEPS + ", got " + steps);
        }
        int[] labels = labels(label, steps);
        int d = codes.latentDim();
        float[] a = Arrays.copyOfRange(codes.mean(), from * d, from * d + d);
        float[] b = Arrays.copyOfRange(codes.mean(), to * d, to * d + d);
        float[] z = new float[steps * d];
        for (int s = 0; s < steps; s++) {
            float[] p = path(a, b, (double) s / (steps - 1), mode);
            System.arraycopy(p, 0, z, s * d, d);
        }
        return render(decodeMean(z, steps, labels), 1, steps, scale, null);
    }

    /**
     * A point on the way from {@code a} to {@code b} at {@code t} in [0, 1]: the straight line, or the great-circle
     * arc with the norm interpolated linearly (spherical interpolation; the straight line where the angle is ~0).
     */
    static float[] path(float[] a, float[] b, double t, Mode mode) {
        int d = a.length;
        float[] z = new float[d];
        double na = 0;
        double nb = 0;
        double dot = 0;
        for (int j = 0; j < d; j++) {
            na += (double) a[j] * a[j];
            nb += (double) b[j] * b[j];
            dot += (double) a[j] * b[j];
        }
        na = Math.sqrt(na);
        nb = Math.sqrt(nb);
        double omega = na > 0 && nb > 0 ? Math.acos(Math.max(-1, Math.min(1, dot / (na * nb)))) : 0;
        if (mode == Mode.LINEAR || omega < 1e-6 || Math.PI - omega < 1e-6) {
            for (int j = 0; j < d; j++) {
                z[j] = (float) ((1 - t) * a[j] + t * b[j]);
            }
            return z;
        }
        double sa = Math.sin((1 - t) * omega) / Math.sin(omega);
        double sb = Math.sin(t * omega) / Math.sin(omega);
        double norm = (1 - t) * na + t * nb;
        for (int j = 0; j < d; j++) {
            z[j] = (float) (norm * (sa * a[j] / na + sb * b[j] / nb));
        }
        return z;
    }

    /**
     * {@code GET /api/sample}: {@code n} examples decoded from z ~ N(0, I) drawn with {@code seed}, of class
     * {@code label} for a conditional model (null for an unconditional one).
     */
    public Reply sample(int n, long seed, Integer label, int scale) {
        if (n < 1 || n > MAX_SAMPLES) {
            throw ApiException.badRequest("n must be in 1.." + MAX_SAMPLES + ", got " + n);
        }
        int[] labels = labels(label, n);
        SplittableRandom r = new SplittableRandom(seed);
        float[] z = new float[n * codes.latentDim()];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) gaussian(r);
        }
        int cols = (int) Math.ceil(Math.sqrt(n));
        int rows = (n + cols - 1) / cols;
        float[] decoded = decodeMean(z, n, labels);
        return render(Arrays.copyOf(decoded, rows * cols * config.inputSize()), rows, cols, scale, null);
    }

    private static double gaussian(SplittableRandom r) {
        double u;
        double v;
        double s;
        do {
            u = 2 * r.nextDouble() - 1;
            v = 2 * r.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }

    /**
     * {@code GET /api/manifold}: an {@code n x n} grid of decoded points over the plane rectangle [x0, x1] x [y0, y1],
     * top row at y1 (PNG; pictures only), of class {@code label} for a conditional model (null for an unconditional
     * one).
     */
    public Reply manifold(int n, double x0, double x1, double y0, double y1, Integer label, int scale) {
        if (isTable()) {
            throw ApiException.badRequest("a table model has no picture manifold");
        }
        if (n < 2 || n > MAX_MANIFOLD) {
            throw ApiException.badRequest("n must be in 2.." + MAX_MANIFOLD + ", got " + n);
        }
        if (!(x1 > x0) || !(y1 > y0) || x1 - x0 > 1e6 || y1 - y0 > 1e6) {
            throw ApiException.badRequest("the manifold needs x0 < x1 and y0 < y1 (finite, at most 1e6 apart)");
        }
        int[] labels = labels(label, n * n);
        int d = codes.latentDim();
        float[] z = new float[n * n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double px = x0 + (x1 - x0) * (j + 0.5) / n;
                double py = y1 - (y1 - y0) * (i + 0.5) / n;
                System.arraycopy(plane.toLatent(px, py), 0, z, (i * n + j) * d, d);
            }
        }
        return render(decodeMean(z, n * n, labels), n, n, scale, null);
    }

    /** Checks a latent vector from a request: the right length, finite values. */
    public void checkLatent(float[] z) {
        if (z.length != codes.latentDim()) {
            throw ApiException.badRequest("z needs " + codes.latentDim() + " coordinates, got " + z.length);
        }
        for (int j = 0; j < z.length; j++) {
            if (!Float.isFinite(z[j])) {
                throw ApiException.badRequest("z[" + j + "] is not a finite number");
            }
        }
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= codes.size()) {
            throw ApiException.notFound("no example " + i + " (there are " + codes.size() + ": 0.."
                    + (codes.size() - 1) + ")");
        }
    }

    /**
     * E[x|z] of {@code n} latent vectors on the decode pool: {@code [n, ...input]} in model space.
     *
     * @param labels {@code [n]} classes of a conditional model, or null
     */
    float[] decodeMean(float[] z, int n, int[] labels) {
        int d = codes.latentDim();
        return pool.run(() -> {
            try (NoGrad guard = NoGrad.enter(); Scope scope = Scope.open()) {
                Tensor y = labels == null ? null : Batches.oneHot(labels, config.classes(), null);
                return Tensors.toFloats(vae.decode(Tensors.floats(z, n, d), y));
            }
        });
    }

    private Reply render(float[] values, int rows, int cols, int scale, ObjectNode extra) {
        if (scale < 1 || scale > MAX_SCALE) {
            throw ApiException.badRequest("scale must be in 1.." + MAX_SCALE + ", got " + scale);
        }
        if (config.input() instanceof TableSpec t) {
            ObjectNode o = extra == null ? JSON.createObjectNode() : extra;
            ArrayNode cols2 = o.putArray("columns");
            t.columns().forEach(c -> cols2.add(c.name()));
            ArrayNode out = o.putArray("rows");
            int f = t.features();
            for (int i = 0; i < rows * cols; i++) {
                ArrayNode r = out.addArray();
                for (String v : t.decode(values, i * f)) {
                    r.add(v);
                }
            }
            return write(o);
        }
        ImageSpec img = config.image();
        BufferedImage picture = ImageGrid.render(values, rows, cols, img.channels(), img.height(), img.width(),
                rows * cols > 1 ? 1 : 0, scale);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(picture, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Reply(Reply.PNG, bytes.toByteArray());
    }

    /** The default pixel scale: pictures about 112 pixels on their longer side. */
    public int defaultScale() {
        if (!(config.input() instanceof ImageSpec img)) {
            return 1;
        }
        return Math.max(1, Math.min(MAX_SCALE, 112 / Math.max(img.height(), img.width())));
    }

    private static Reply write(JsonNode node) {
        try {
            return new Reply(Reply.JSON, JSON.writeValueAsBytes(node));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
