package vae4j.eval;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import vae4j.io.AtomicFiles;

/**
 * A threshold per score, fitted on data the model should call normal: the {@code quantile} of each score over
 * {@code examples} examples of {@code data}. An example is flagged when its score is above the threshold, so about
 * {@code 1 - quantile} of new examples from the same distribution are flagged.
 *
 * <p>Stored as {@value #FILE} at the top of the model folder. The versioned model folder keeps files it does not own
 * when a new version is saved, so the thresholds survive; they describe the weights they were fitted with
 * ({@code weights_sha256}), and {@link #matches} tells whether that is still the current model.
 */
public record ScoreThresholds(@JsonProperty("format") String format, @JsonProperty("quantile") double quantile,
                              @JsonProperty("k") int k, @JsonProperty("seed") long seed,
                              @JsonProperty("data") String data, @JsonProperty("examples") int examples,
                              @JsonProperty("weights_sha256") String weightsSha256,
                              @JsonProperty("thresholds") Map<String, Double> thresholds) {
    public static final String FILE = "anomaly-thresholds.json";
    static final String FORMAT = "vae4j-anomaly-thresholds-1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * The {@code quantile} of each score: the smallest value with at least {@code quantile * n} scores at or below it
     * (the empirical quantile, no interpolation).
     *
     * @param scores score name to one value per example
     */
    public static ScoreThresholds fit(Map<String, double[]> scores, double quantile, int k, long seed, String data,
                                      String weightsSha256) {
        if (!(quantile > 0 && quantile < 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1), got " + quantile);
        }
        Map<String, Double> t = new LinkedHashMap<>();
        int n = 0;
        for (Map.Entry<String, double[]> e : scores.entrySet()) {
            double[] v = e.getValue().clone();
            n = v.length;
            if (n == 0) {
                throw new IllegalArgumentException("no examples to calibrate on");
            }
            Arrays.sort(v);
            int at = (int) Math.ceil(quantile * n) - 1;
            t.put(e.getKey(), v[Math.max(0, Math.min(n - 1, at))]);
        }
        return new ScoreThresholds(FORMAT, quantile, k, seed, data, n, weightsSha256, t);
    }

    /** True if {@code score} is above this file's threshold for {@code name}. */
    public boolean flags(String name, double score) {
        Double t = thresholds.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no threshold for '" + name + "' (calibrated: " + thresholds.keySet()
                    + ")");
        }
        return score > t;
    }

    /** True if these thresholds were fitted with the weights whose SHA-256 is {@code sha256}. */
    public boolean matches(String sha256) {
        return weightsSha256 != null && weightsSha256.equals(sha256);
    }

    /** Writes {@value #FILE} into {@code modelFolder}, atomically. */
    public void write(Path modelFolder) throws IOException {
        AtomicFiles.writeString(modelFolder.resolve(FILE), JSON.writeValueAsString(this) + "\n");
    }

    /** The thresholds stored in {@code modelFolder}, or null if it has none. */
    public static ScoreThresholds read(Path modelFolder) throws IOException {
        Path f = modelFolder.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            ScoreThresholds t = JSON.readValue(f.toFile(), ScoreThresholds.class);
            if (!FORMAT.equals(t.format()) || t.thresholds() == null) {
                throw new IOException(f + ": not a vae4j thresholds file (format " + t.format() + ")");
            }
            return t;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(f + ": unreadable thresholds file: " + e.getOriginalMessage(), e);
        }
    }

    /** SHA-256 (hex) of the weights file the model folder's current version holds, or null if none is found. */
    public static String weightsSha256(Path modelFolder) throws IOException {
        Path w = modelFolder.resolve("current").resolve("weights.safetensors");
        if (!Files.isRegularFile(w)) {
            w = modelFolder.resolve("weights.safetensors");
        }
        if (!Files.isRegularFile(w)) {
            return null;
        }
        try (var in = Files.newInputStream(w)) {
            var md = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) {
                md.update(buf, 0, r);
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
