package vae4j.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.SparkFiles;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import vae4j.model.ModelConfig;

/**
 * What the driver does before any partition is processed: loads the model folder once (a corrupt or missing folder
 * fails the job here, with the core's message naming the file) and checks the input's schema against the model (a
 * missing column, a column of the wrong type: one message naming it). Executors of a local master reuse the model the
 * driver loaded.
 */
final class DriverCheck {
    /** A checked model and input. */
    record Checked(ModelSource source, ExecutorModels.Loaded model, RowReader reader) {
        ModelConfig config() {
            return model.model().model().config();
        }

        boolean table() {
            return !config().takesImages();
        }
    }

    /** A model folder read and loaded on the driver. */
    record Model(ModelSource source, ExecutorModels.Loaded loaded) {
    }

    private DriverCheck() {
    }

    /**
     * Reads the model folder on the driver (no Spark job runs for it) and loads it, unless this JVM holds that version
     * already; tasks in this JVM (a local master) use the same copy.
     *
     * @throws SparkJobException (exit code 4) with the core's one-line message for a missing or corrupt folder
     */
    static Model model(SparkSession spark, String modelPath) {
        if (modelPath == null || modelPath.isBlank()) {
            throw new SparkJobException(2, "no model folder given (setModelPath / --model)");
        }
        int taskCpus = spark.sparkContext().getConf().getInt("spark.task.cpus", 1);
        Path root = Path.of(SparkFiles.getRootDirectory());
        NativeSetup.prepare(taskCpus, root);
        Path local = root.resolve("vae4j-driver").resolve(UUID.randomUUID().toString());
        ModelSource source = ModelSource.resolve(modelPath, spark.sparkContext().hadoopConfiguration(), local);
        ExecutorModels.Loaded loaded = ExecutorModels.cached(source.fingerprint());
        if (loaded == null) {
            loaded = ExecutorModels.load(modelPath, local);
            ExecutorModels.put(source.fingerprint(), loaded);
        }
        deleteQuietly(local); // loaded: the weights are in memory now
        return new Model(source, loaded);
    }

    private static void deleteQuietly(Path dir) {
        try (var files = java.nio.file.Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | RuntimeException e) {
            // a temporary copy left behind is removed with Spark's files folder at the end of the application
        }
    }

    /**
     * @param data the input, or null to check a schema alone (then string labels of a conditional model are coded
     *             from no values: every label is refused)
     * @throws SparkJobException naming the folder, file or column at fault
     */
    static Checked check(SparkSession spark, String modelPath, StructType schema, Dataset<?> data,
                         RowReader.Options options) {
        Model m = model(spark, modelPath);
        ExecutorModels.Loaded loaded = m.loaded();
        ModelSource source = m.source();
        ModelConfig config = loaded.model().model().config();
        List<String> labelValues = List.of();
        if (config.conditional() && options.labelColumn() != null && data != null
                && List.of(schema.fieldNames()).contains(options.labelColumn())
                && schema.apply(options.labelColumn()).dataType() instanceof StringType) {
            labelValues = new ArrayList<>();
            for (Row r : data.select(options.labelColumn()).distinct().na().drop().collectAsList()) {
                labelValues.add(r.getString(0));
            }
        }
        return new Checked(source, loaded, RowReader.of(schema, config, options, labelValues));
    }
}
