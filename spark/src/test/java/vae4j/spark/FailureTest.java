package vae4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input and bad model folders: one line naming the column or file, a non-zero exit, nothing written. */
class FailureTest {
    private static final AtomicInteger TASKS = new AtomicInteger();
    private static final SparkListener COUNTER = new SparkListener() {
        @Override
        public void onTaskStart(SparkListenerTaskStart taskStart) {
            TASKS.incrementAndGet();
        }
    };

    @BeforeAll
    static void setUp() throws IOException {
        Fixtures.setUp();
        Fixtures.spark.sparkContext().addSparkListener(COUNTER);
    }

    @AfterAll
    static void tearDown() {
        Fixtures.spark.sparkContext().removeSparkListener(COUNTER);
    }

    /** Tasks started while {@code r} ran (the listener bus delivers events asynchronously: wait for it). */
    private static int tasksDuring(Runnable r) {
        settle();
        int before = TASKS.get();
        r.run();
        settle();
        return TASKS.get() - before;
    }

    private static void settle() {
        try {
            Fixtures.spark.sparkContext().listenerBus().waitUntilEmpty();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aMissingColumnIsOneLineNamingIt() throws IOException {
        Path data = Fixtures.tmp.resolve("no-basket.csv");
        Files.writeString(data, "id,visits,segment,member\n1,3,student,no\n2,12,family,yes\n");
        Path out = Fixtures.tmp.resolve("never.parquet");
        Fixtures.Run j = Fixtures.job("score", "--model", Fixtures.tableModel.toString(), "--input", data.toString(),
                "--output", out.toString());
        assertThat(j.code()).isEqualTo(3);
        assertThat(j.err()).isEqualTo("vae4j-spark: error: " + data + ": no column 'basket' (the model was trained on"
                + " visits, basket, segment, member; the input has index, id, visits, segment, member)\n");
        assertThat(out).doesNotExist();
        // the core says the same of the same file
        Fixtures.Run c = Fixtures.core("score", "--model", Fixtures.tableModel.toString(), "--data", data.toString(),
                "--out", Fixtures.tmp.resolve("never.csv").toString());
        assertThat(c.code()).isEqualTo(3);
        assertThat(c.err()).contains("no column 'basket'");
    }

    @Test
    void aBadValueIsOneLineNamingTheColumnFromATask() throws IOException {
        Path data = Fixtures.tmp.resolve("hail.csv");
        Files.writeString(data, "visits,basket,segment,member\n3,20.5,student,no\n4,21.5,pirate,no\n");
        Path out = Fixtures.tmp.resolve("never2.csv");
        Fixtures.Run j = Fixtures.job("score", "--model", Fixtures.tableModel.toString(), "--input", data.toString(),
                "--output", out.toString());
        assertThat(j.code()).isEqualTo(3);
        assertThat(j.err()).isEqualTo("vae4j-spark: error: " + data + ": column 'segment': unknown category 'pirate'"
                + " (known: family, retired, student)\n");
        assertThat(out).doesNotExist();
        try (var s = Files.list(Fixtures.tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".never2"));
        }
    }

    @Test
    void aWrongPictureSizeNamesTheColumn() {
        // an array column in model space with 100 values for a model of 8x8 grey pictures (64 values)
        StructType schema = DataTypes.createStructType(List.of(
                DataTypes.createStructField("id", DataTypes.IntegerType, false),
                DataTypes.createStructField("pixels", DataTypes.createArrayType(DataTypes.FloatType), false)));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rows.add(RowFactory.create(i, new float[i == 2 ? 100 : 64]));
        }
        Dataset<Row> df = Fixtures.spark.createDataFrame(rows, schema);
        VaeScorer scorer = new VaeScorer().setModelPath(Fixtures.pictureModel.toString()).setFeaturesColumn("pixels")
                .setK(4).setSourceName("lake/pixels");
        assertThatThrownBy(() -> scorer.transform(df).collectAsList())
                .satisfies(e -> assertThat(JobErrors.message(e)).isEqualTo("lake/pixels: column 'pixels': 100 values,"
                        + " but the model takes 64 (grey 8x8 pictures)"))
                .satisfies(e -> assertThat(JobErrors.exitCode(e)).isEqualTo(3));
        // the right size scores; no 'content', 'image' or array column is refused on the driver, naming the columns
        assertThat(scorer.transform(df.limit(2)).count()).isEqualTo(2);
        Dataset<Row> ids = df.select("id");
        assertThat(tasksDuring(() -> assertThatThrownBy(() -> new VaeScorer()
                .setModelPath(Fixtures.pictureModel.toString()).transform(ids))
                .hasMessage("input: the model takes grey 8x8 pictures (64 values): the input needs a binary 'content'"
                        + " column (Spark's binaryFile source), an 'image' column (Spark's image source) or an array"
                        + " column of 64 values (--features-column); it has id"))).isZero();
        // a column of another type
        assertThatThrownBy(() -> new VaeScorer().setModelPath(Fixtures.pictureModel.toString())
                .setFeaturesColumn("id").transform(ids))
                .hasMessage("input: column 'id' is int: want an array of 64 float or double values in model space");
    }

    @Test
    void aCorruptModelFolderFailsBeforeAnyTaskRuns() throws IOException {
        Path broken = Fixtures.tmp.resolve("broken-model");
        Files.createDirectories(broken);
        Path version = Fixtures.tableModel.resolve("current").toRealPath();
        for (String f : List.of("config.json", "history.jsonl")) {
            Files.copy(version.resolve(f), broken.resolve(f));
        }
        byte[] w = Files.readAllBytes(version.resolve("weights.safetensors"));
        Files.write(broken.resolve("weights.safetensors"), java.util.Arrays.copyOf(w, w.length / 2));
        Dataset<Row> df = Fixtures.spark.read().option("header", true)
                .csv(Fixtures.shopCsv(Fixtures.tmp.resolve("shop-c.csv"), 20, 3, true).toString());
        df.count();
        int[] code = new int[1];
        String[] err = new String[1];
        int tasks = tasksDuring(() -> {
            try {
                new VaeScorer().setModelPath(broken.toString()).transform(df);
            } catch (SparkJobException e) {
                code[0] = e.exitCode();
                err[0] = e.getMessage();
            }
        });
        assertThat(tasks).isZero();
        assertThat(code[0]).isEqualTo(4);
        assertThat(err[0]).startsWith(broken + ": cannot load the model: " + broken + "/weights.safetensors")
                .doesNotContain("\n");
        // the job: the same message, exit code 4, no task, no output
        Path out = Fixtures.tmp.resolve("never3.parquet");
        Fixtures.Run[] j = new Fixtures.Run[1];
        assertThat(tasksDuring(() -> j[0] = Fixtures.job("score", "--model", broken.toString(), "--input",
                Fixtures.tmp.resolve("shop-c.csv").toString(), "--output", out.toString()))).isZero();
        assertThat(j[0].code()).isEqualTo(4);
        assertThat(j[0].err()).isEqualTo("vae4j-spark: error: " + err[0] + "\n");
        assertThat(out).doesNotExist();
        // no folder at all
        Fixtures.Run none = Fixtures.job("encode", "--model", Fixtures.tmp.resolve("nothing").toString(), "--input",
                Fixtures.tmp.resolve("shop-c.csv").toString(), "--output", out.toString());
        assertThat(none.code()).isEqualTo(4);
        assertThat(none.err()).isEqualTo("vae4j-spark: error: " + Fixtures.tmp.resolve("nothing")
                + ": model folder not found\n");
    }

    @Test
    void usageErrors() {
        Fixtures.Run j = Fixtures.job("score", "--model", Fixtures.tableModel.toString(), "--input", "x.csv",
                "--output", Fixtures.tableModel.resolve("scores.parquet").toString());
        assertThat(j.code()).isEqualTo(2);
        assertThat(j.err()).contains("lies inside the model folder");
        Fixtures.Run k = Fixtures.job("score", "--model", Fixtures.tableModel.toString(), "--input", "x.csv",
                "--output", "y.csv", "--k", "0");
        assertThat(k.code()).isEqualTo(2);
        assertThat(k.err()).isEqualTo("vae4j-spark: error: --k must be >= 1, got 0\n");
        Fixtures.Run none = Fixtures.job("frobnicate");
        assertThat(none.code()).isEqualTo(2);
    }
}
