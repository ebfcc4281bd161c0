package vae4j.spark;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import vae4j.cli.ExitCodes;

/**
 * {@code vae4j-spark score|encode}: the Spark job ({@code spark-submit --class vae4j.spark.Job}, or the
 * {@code ./vae4j-spark} launcher with {@code --master local[N]}). Reads {@code --input}, checks the model and the
 * input's columns on the driver before any task runs, scores or encodes every row in batches on the executors, and
 * writes {@code --output} atomically. Problems are one line on stderr and an exit code (2 usage, 3 data, 4 I/O).
 */
@Command(name = "vae4j-spark", mixinStandardHelpOptions = true, version = Job.VERSION,
        subcommands = {Job.Score.class, Job.Encode.class},
        description = "Score or encode rows with a vae4j model on Apache Spark.")
public final class Job implements Runnable {
    static final String VERSION = "vae4j-spark 0.1.0-SNAPSHOT";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (score or encode)");
    }

    /** Options both subcommands take. */
    static final class Common {
        @Option(names = "--model", required = true, paramLabel = "DIR", description = "the model folder (a local"
                + " path or hdfs://, s3a://, ...)")
        String model;

        @Option(names = "--input", required = true, paramLabel = "PATH", description = "Parquet; a .csv file (with"
                + " a header); or a folder of .png/.jpg pictures")
        String input;

        @Option(names = "--output", required = true, paramLabel = "PATH", description = "Parquet folder, or one CSV"
                + " file when it ends in .csv")
        String output;

        @Option(names = "--overwrite", description = "replace an existing --output (once the new one is complete)")
        boolean overwrite;

        @Option(names = "--partitions", paramLabel = "P", description = "repartition the input into P partitions")
        Integer partitions;

        @Option(names = "--batch-size", paramLabel = "N", description = "rows per pass through libtorch in a task"
                + " (default: 64 for score, 256 for encode; does not change the results)")
        Integer batchSize;

        @Option(names = "--label-column", paramLabel = "NAME", description = "a conditional model's label column"
                + " (a picture folder with class sub-folders gets 'label' from them)")
        String labelColumn;

        @Option(names = "--features-column", paramLabel = "NAME", description = "an array column of model-space"
                + " values holding the examples")
        String featuresColumn;

        @Option(names = "--master", paramLabel = "URL", description = "Spark master (the launcher's; spark-submit"
                + " sets its own). Default: spark.master, else local[2]")
        String master;
    }

    @Command(name = "score", mixinStandardHelpOptions = true, version = VERSION,
            description = "Anomaly scores per row, the columns of 'vae4j score': neg_elbo, recon, kl, neg_log_px,"
                    + " corrected (tables: top_column, top_column_share; flag with stored thresholds).")
    static final class Score implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Common common = new Common();

        @Option(names = "--k", defaultValue = "100", description = "importance samples per example (default:"
                + " ${DEFAULT-VALUE})")
        int k;

        @Option(names = "--seed", defaultValue = "1", description = "seed of the samples (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--flag-score", defaultValue = "neg_log_px", description = "with stored thresholds: the"
                + " score that sets flag (default: ${DEFAULT-VALUE})")
        String flagScore;

        @Option(names = "--precision", defaultValue = "fp32", paramLabel = "fp32|bf16", description = "bf16: the"
                + " networks' matrix work in bfloat16, as 'vae4j score --precision bf16' (faster on CPUs with"
                + " AVX512-BF16; every score moves a little) (default: ${DEFAULT-VALUE})")
        String precision;

        @Override
        public Integer call() {
            if (k < 1) {
                throw new SparkJobException(ExitCodes.USAGE, "--k must be >= 1, got " + k);
            }
            VaeScorer scorer = new VaeScorer().setK(k).setSeed(seed).setFlagScore(flagScore).setPrecision(precision)
                    .setFeaturesColumn(common.featuresColumn);
            if (common.batchSize != null) {
                scorer.setBatchSize(positive(common.batchSize));
            }
            return runJob(spec, common, "scored", (df, name) -> scorer.setModelPath(common.model).setSourceName(name)
                    .setLabelColumn(common.labelColumn).transform(df), false);
        }
    }

    @Command(name = "encode", mixinStandardHelpOptions = true, version = VERSION,
            description = "z_mean and z_log_var per row (arrays in Parquet; z_mean_0.., z_log_var_0.. in CSV).")
    static final class Encode implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Common common = new Common();

        @Override
        public Integer call() {
            VaeEncoder encoder = new VaeEncoder().setFeaturesColumn(common.featuresColumn);
            if (common.batchSize != null) {
                encoder.setBatchSize(positive(common.batchSize));
            }
            return runJob(spec, common, "encoded", (df, name) -> encoder.setModelPath(common.model)
                    .setSourceName(name).setLabelColumn(common.labelColumn).transform(df), true);
        }
    }

    private static int positive(int n) {
        if (n < 1) {
            throw new SparkJobException(ExitCodes.USAGE, "--batch-size must be >= 1, got " + n);
        }
        return n;
    }

    @FunctionalInterface
    private interface Step {
        Dataset<Row> apply(Dataset<Row> df, String sourceName);
    }

    private static int runJob(CommandSpec spec, Common c, String verb, Step step, boolean encode) {
        PrintWriter out = spec.commandLine().getOut();
        if (c.partitions != null && c.partitions < 1) {
            throw new SparkJobException(ExitCodes.USAGE, "--partitions must be >= 1, got " + c.partitions);
        }
        SparkSession spark = session(c.master);
        var conf = spark.sparkContext().hadoopConfiguration();
        JobOutputs.check(conf, c.output, c.overwrite, c.input, c.model);
        long start = System.nanoTime();
        DriverCheck.Model model = DriverCheck.model(spark, c.model); // a corrupt folder stops here, before any read
        if (!encode && model.loaded().thresholds() != null && !model.loaded().thresholdsMatch()) {
            spec.commandLine().getErr().println("vae4j-spark: warning: " + vae4j.eval.ScoreThresholds.FILE
                    + " was fitted on other weights (the model was trained again since); run 'vae4j calibrate'"
                    + " again");
            spec.commandLine().getErr().flush();
        }
        Dataset<Row> df = JobInputs.read(spark, c.input);
        // a CSV file's row numbers, as vae4j score writes them (unless the file has an 'index' column of its own)
        boolean indexed = JobInputs.isCsv(c.input) && !List.of(df.columns()).contains("index");
        if (indexed) {
            df = JobInputs.withIndex(spark, df);
        }
        if (JobInputs.isPictureFolder(spark, c.input)) {
            df = JobInputs.withFolderLabels(spark, df, c.input); // class sub-folders: label and class columns
            if (c.labelColumn == null && List.of(df.columns()).contains("label")
                    && model.loaded().model().model().config().conditional()) {
                c.labelColumn = "label";
            }
        }
        if (c.partitions != null) {
            df = df.repartition(c.partitions);
        }
        Dataset<Row> result = step.apply(df, c.input);
        Dataset<Row> written = JobInputs.isCsv(c.output)
                ? forCsv(result, encode ? model.loaded().model().model().config().latentDim() : 0) : result;
        JobOutputs.write(written, conf, c.output, c.overwrite, indexed);
        long rows = spark.read().format(JobInputs.isCsv(c.output) ? "csv" : "parquet").option("header", true)
                .load(c.output).count();
        double s = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "%s %,d rows in %.2f s (%,.0f rows/s, %s) into %s%n", verb, rows, s, rows / s,
                spark.sparkContext().master(), c.output);
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * CSV holds no binary, struct or array columns: pictures become their path, the latent arrays (when
     * {@code latent > 0}, their length) one column per dimension.
     */
    private static Dataset<Row> forCsv(Dataset<Row> df, int latent) {
        boolean encode = latent > 0;
        List<Column> cols = new ArrayList<>();
        List<String> names = List.of(df.columns());
        for (var f : df.schema().fields()) {
            String n = f.name();
            var t = f.dataType();
            if (encode && (n.equals("z_mean") || n.equals("z_log_var"))) {
                continue;
            }
            if (t instanceof org.apache.spark.sql.types.BinaryType || t instanceof org.apache.spark.sql.types.ArrayType
                    || t instanceof org.apache.spark.sql.types.MapType) {
                continue;
            }
            if (t instanceof org.apache.spark.sql.types.StructType s) {
                if (n.equals("image") && List.of(s.fieldNames()).contains("origin") && !names.contains("path")) {
                    cols.add(functions.col("image.origin").alias("path"));
                }
                continue;
            }
            cols.add(functions.col("`" + n + "`"));
        }
        if (encode) {
            for (String z : List.of("z_mean", "z_log_var")) {
                for (int j = 0; j < latent; j++) {
                    cols.add(functions.col(z).getItem(j).alias(z + "_" + j));
                }
            }
        }
        return df.select(cols.toArray(Column[]::new));
    }

    private static SparkSession session(String master) {
        SparkSession.Builder b = SparkSession.builder().appName("vae4j-spark");
        if (master != null) {
            b = b.master(master);
        } else if (System.getProperty("spark.master") == null) {
            b = b.master("local[2]");
        }
        return b.getOrCreate();
    }

    /** Runs the command line and returns the exit code (for tests and embedding; the Spark session is kept). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Job());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("vae4j-spark: error: " + JobErrors.message(e));
            commandLine.getErr().flush();
            return JobErrors.exitCode(e);
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int code = execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        SparkSession.getActiveSession().foreach(s -> {
            s.stop();
            return null;
        });
        System.exit(code);
    }
}
