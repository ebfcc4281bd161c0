package vae4j.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;
import vae4j.eval.ScoreThresholds;
import vae4j.store.ModelDirectory;
import vae4j.store.SavedModel;

/**
 * The models of this JVM (an executor, or the driver in local mode), loaded once each and kept by the fingerprint of
 * their folder's current version: every task of every job that uses the same model version shares one copy of the
 * weights (read only: libtorch's forward passes of a module nobody modifies are safe from several threads).
 */
final class ExecutorModels {
    /**
     * A loaded model with the thresholds stored beside it (null when it has none).
     *
     * @param thresholdsMatch the thresholds were fitted with these weights (as {@code vae4j score} checks)
     */
    record Loaded(SavedModel model, ScoreThresholds thresholds, boolean thresholdsMatch) {
    }

    private static final Map<String, Loaded> CACHE = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private ExecutorModels() {
    }

    /** The model of {@code source}, copied and loaded on first use in this JVM. */
    static Loaded get(ModelSource source) {
        return CACHE.computeIfAbsent(source.fingerprint(), fp -> {
            Path root = Path.of(SparkFiles.getRootDirectory());
            NativeSetup.prepare(taskCpus(), root);
            Path local = root.resolve("vae4j-models").resolve(fp);
            source.copyTo(local);
            return load(source.uri(), local);
        });
    }

    /** The model of that fingerprint when this JVM holds it, else null. */
    static Loaded cached(String fingerprint) {
        return CACHE.get(fingerprint);
    }

    /** Registers a model the driver already loaded (local mode: its tasks then find it). */
    static void put(String fingerprint, Loaded loaded) {
        CACHE.putIfAbsent(fingerprint, loaded);
    }

    /**
     * Loads a local copy.
     *
     * @throws SparkJobException (exit code 4) with the core's one-line message naming the file for a corrupt folder
     */
    static Loaded load(String uri, Path local) {
        try {
            SavedModel m = ModelDirectory.load(local);
            LOADS.incrementAndGet();
            ScoreThresholds t = ScoreThresholds.read(local);
            return new Loaded(m, t, t != null && t.matches(ScoreThresholds.weightsSha256(local)));
        } catch (IOException | RuntimeException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new SparkJobException(4, uri + ": cannot load the model: " + msg.replace(local.toString(), uri), e);
        }
    }

    /** How many models this JVM has loaded (for tests). */
    static int loads() {
        return LOADS.get();
    }

    private static int taskCpus() {
        TaskContext tc = TaskContext.get();
        return tc == null ? 1 : tc.cpus();
    }
}
