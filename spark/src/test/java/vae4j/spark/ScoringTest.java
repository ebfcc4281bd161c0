package vae4j.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vae4j.data.DataRecipe;
import vae4j.data.DataSources;
import vae4j.eval.ExampleScore;
import vae4j.eval.LatentCodes;
import vae4j.store.ModelDirectory;
import vae4j.store.SavedModel;

/**
 * The job's scores and codes against the core CLI's on one process: equal to the last digit, row by row (joined by
 * index and id), for several partitionings, from CSV, Parquet and a folder of pictures.
 */
class ScoringTest {
    @BeforeAll
    static void setUp() throws IOException {
        Fixtures.setUp();
    }

    @Test
    void tableScoresEqualTheCoreForEveryPartitioning() throws IOException {
        Path data = Fixtures.shopCsv(Fixtures.tmp.resolve("shop-new.csv"), 150, 9, true);
        Path ref = Fixtures.tmp.resolve("ref-scores.csv");
        Fixtures.Run c = Fixtures.core("score", "--model", Fixtures.tableModel.toString(), "--data", data.toString(),
                "--k", "16", "--seed", "7", "--out", ref.toString());
        assertThat(c.code()).as(c.err()).isZero();
        Map<Long, Map<String, String>> want = Fixtures.readCoreCsv(ref);
        assertThat(want).hasSize(150);
        int loadsBefore = ExecutorModels.loads();
        for (int p : new int[] {1, 3, 7}) {
            Path out = Fixtures.tmp.resolve("scores-" + p + ".parquet");
            Fixtures.Run j = Fixtures.job("score", "--model", Fixtures.tableModel.toString(), "--input",
                    data.toString(), "--output", out.toString(), "--partitions", Integer.toString(p), "--k", "16",
                    "--seed", "7", "--batch-size", Integer.toString(5 + p));
            assertThat(j.code()).as(j.err()).isZero();
            assertThat(j.out()).contains("scored 150 rows");
            List<Row> rows = Fixtures.spark.read().parquet(out.toString()).collectAsList();
            assertThat(rows).hasSize(150);
            assertThat(Fixtures.spark.read().parquet(out.toString()).rdd().getNumPartitions()).isGreaterThanOrEqualTo(
                    Math.min(p, 2));
            for (Row r : rows) {
                long index = r.getLong(r.fieldIndex("index"));
                Map<String, String> w = want.get(index);
                assertThat(Long.parseLong(r.getString(r.fieldIndex("id")))).isEqualTo(1000 + index);
                for (String n : ExampleScore.NAMES) {
                    assertThat(r.getDouble(r.fieldIndex(n))).as("row %d, %s, %d partitions", index, n, p)
                            .isEqualTo(Double.parseDouble(w.get(n)));
                }
                assertThat(r.getString(r.fieldIndex("top_column"))).isEqualTo(w.get("top_column"));
                assertThat(r.getDouble(r.fieldIndex("top_column_share")))
                        .isEqualTo(Double.parseDouble(w.get("top_column_share")));
            }
        }
        // the model is loaded once in this JVM (on the driver, or before this test) and then kept by the fingerprint
        // of its version: three jobs of 1 to 7 partitions loaded it at most once, never per job or partition
        assertThat(ExecutorModels.loads() - loadsBefore).isLessThanOrEqualTo(1);
    }

    @Test
    void csvOutputHasTheCoresTextForEveryScore() throws IOException {
        Path data = Fixtures.shopCsv(Fixtures.tmp.resolve("shop-new2.csv"), 60, 11, true);
        Path ref = Fixtures.tmp.resolve("ref2.csv");
        assertThat(Fixtures.core("score", "--model", Fixtures.tableModel.toString(), "--data", data.toString(),
                "--k", "8", "--out", ref.toString()).code()).isZero();
        Path out = Fixtures.tmp.resolve("spark-scores.csv");
        Fixtures.Run j = Fixtures.job("score", "--model", Fixtures.tableModel.toString(), "--input", data.toString(),
                "--output", out.toString(), "--partitions", "3", "--k", "8");
        assertThat(j.code()).as(j.err()).isZero();
        assertThat(out).isRegularFile();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("index,id,visits,basket,segment,member,neg_elbo,recon,kl,neg_log_px,"
                + "corrected,top_column,top_column_share");
        List<String> core = Files.readAllLines(ref);
        assertThat(core.get(0)).isEqualTo("index,neg_elbo,recon,kl,neg_log_px,corrected,top_column,"
                + "top_column_share");
        assertThat(lines).hasSize(61);
        for (int i = 1; i <= 60; i++) {
            String[] s = lines.get(i).split(",");
            String[] c = core.get(i).split(",");
            assertThat(s[0]).isEqualTo(c[0]); // in index order
            assertThat(String.join(",", List.of(s).subList(6, 13))).isEqualTo(String.join(",",
                    List.of(c).subList(1, 8)));
        }
        // a second run refuses the existing output, and replaces it with --overwrite
        Fixtures.Run again = Fixtures.job("score", "--model", Fixtures.tableModel.toString(), "--input",
                data.toString(), "--output", out.toString(), "--k", "8");
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err().strip()).isEqualTo("vae4j-spark: error: --output " + out + " exists; pass --overwrite"
                + " to replace it");
        assertThat(Files.readAllLines(out)).isEqualTo(lines);
        assertThat(Fixtures.job("score", "--model", Fixtures.tableModel.toString(), "--input", data.toString(),
                "--output", out.toString(), "--k", "8", "--overwrite").code()).isZero();
        assertThat(Files.readAllLines(out)).isEqualTo(lines);
        try (var s = Files.list(Fixtures.tmp)) {
            // no temporary folder left, and no checksum file of Hadoop's beside the CSV
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp-"))
                    .noneMatch(n -> n.equals(".spark-scores.csv.crc"));
        }
    }

    @Test
    void bf16ScoresEqualTheCoresBf16ScoresAndAnUnknownPrecisionIsExit2() throws IOException {
        Path data = Fixtures.shopCsv(Fixtures.tmp.resolve("shop-bf16.csv"), 40, 13, true);
        Path ref = Fixtures.tmp.resolve("ref-bf16.csv");
        Path fp32 = Fixtures.tmp.resolve("ref-fp32.csv");
        assertThat(Fixtures.core("score", "--model", Fixtures.tableModel.toString(), "--data", data.toString(),
                "--k", "8", "--precision", "bf16", "--out", ref.toString()).code()).isZero();
        assertThat(Fixtures.core("score", "--model", Fixtures.tableModel.toString(), "--data", data.toString(),
                "--k", "8", "--out", fp32.toString()).code()).isZero();
        Path out = Fixtures.tmp.resolve("spark-bf16.csv");
        Fixtures.Run j = Fixtures.job("score", "--model", Fixtures.tableModel.toString(), "--input", data.toString(),
                "--output", out.toString(), "--partitions", "3", "--k", "8", "--precision", "bf16");
        assertThat(j.code()).as(j.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        List<String> core = Files.readAllLines(ref);
        List<String> float32 = Files.readAllLines(fp32);
        assertThat(lines).hasSize(41);
        int differ = 0;
        for (int i = 1; i <= 40; i++) {
            String[] s = lines.get(i).split(",");
            String scores = String.join(",", List.of(core.get(i).split(",")).subList(1, 8));
            assertThat(String.join(",", List.of(s).subList(6, 13))).as("row %d", i).isEqualTo(scores);
            differ += scores.equals(String.join(",", List.of(float32.get(i).split(",")).subList(1, 8))) ? 0 : 1;
        }
        assertThat(differ).as("rows whose bf16 scores differ from float32's").isPositive();
        Fixtures.Run bad = Fixtures.job("score", "--model", Fixtures.tableModel.toString(), "--input",
                data.toString(), "--output", Fixtures.tmp.resolve("never.csv").toString(), "--precision", "fp8");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("vae4j-spark: error: --precision must be fp32 or bf16, got 'fp8'");
        assertThat(Fixtures.tmp.resolve("never.csv")).doesNotExist();
    }

    @Test
    void thresholdsFromCalibrateAddTheSameFlags() throws IOException {
        // a plain copy of the model's current version, calibrated by the core CLI
        Path model = Files.createDirectories(Fixtures.tmp.resolve("calibrated-model"));
        Path version = Fixtures.tableModel.resolve("current").toRealPath();
        for (String f : List.of("config.json", "weights.safetensors", "history.jsonl")) {
            Files.copy(version.resolve(f), model.resolve(f));
        }
        Path normal = Fixtures.shopCsv(Fixtures.tmp.resolve("shop-normal.csv"), 200, 31, false);
        assertThat(Fixtures.core("calibrate", "--model", model.toString(), "--data", normal.toString(), "--k", "8",
                "--quantile", "0.9").code()).isZero();
        Path data = Fixtures.shopCsv(Fixtures.tmp.resolve("shop-new5.csv"), 100, 37, true);
        Path ref = Fixtures.tmp.resolve("ref-flag.csv");
        assertThat(Fixtures.core("score", "--model", model.toString(), "--data", data.toString(), "--k", "8",
                "--out", ref.toString()).code()).isZero();
        Map<Long, Map<String, String>> want = Fixtures.readCoreCsv(ref);
        Path out = Fixtures.tmp.resolve("flag.parquet");
        Fixtures.Run j = Fixtures.job("score", "--model", model.toString(), "--input", data.toString(), "--output",
                out.toString(), "--k", "8", "--partitions", "3");
        assertThat(j.code()).as(j.err()).isZero();
        assertThat(j.err()).doesNotContain("warning");
        int flagged = 0;
        for (Row r : Fixtures.spark.read().parquet(out.toString()).collectAsList()) {
            int flag = r.getInt(r.fieldIndex("flag"));
            assertThat(flag).isEqualTo(Integer.parseInt(want.get(r.getLong(r.fieldIndex("index"))).get("flag")));
            flagged += flag;
        }
        assertThat(flagged).isBetween(1, 99); // some, not all: the 0.9 quantile of similar rows
    }

    @Test
    void aConditionalPictureModelTakesItsLabelsFromTheClassFolders() throws IOException {
        Path train = Fixtures.tmp.resolve("classes-train");
        Fixtures.pictures(train.resolve("b-bright"), 40, 8, 8, 3);
        Fixtures.pictures(train.resolve("a-dark"), 40, 8, 8, 3);
        Path model = Fixtures.tmp.resolve("classes-model");
        Fixtures.Run t = Fixtures.core("train", "--data", train.toString(), "--image-size", "8x8", "--channels", "1",
                "--conditional", "--preset", "keras-mlp", "--epochs", "1", "--batch-size", "16", "--out",
                model.toString());
        assertThat(t.code()).as(t.err()).isZero();
        Path pics = Fixtures.tmp.resolve("classes-new");
        Fixtures.pictures(pics.resolve("b-bright"), 12, 6, 6, 41);
        Fixtures.pictures(pics.resolve("a-dark"), 9, 6, 6, 43);
        Path ref = Fixtures.tmp.resolve("ref-classes.csv");
        Fixtures.Run c = Fixtures.core("score", "--model", model.toString(), "--data", pics.toString(), "--k", "6",
                "--out", ref.toString());
        assertThat(c.code()).as(c.err()).isZero();
        Map<Long, Map<String, String>> want = Fixtures.readCoreCsv(ref); // a-dark/000..008, then b-bright/000..011
        Path out = Fixtures.tmp.resolve("classes.parquet");
        Fixtures.Run j = Fixtures.job("score", "--model", model.toString(), "--input", pics.toString(), "--output",
                out.toString(), "--k", "6", "--partitions", "3");
        assertThat(j.code()).as(j.err()).isZero();
        List<Row> rows = Fixtures.spark.read().parquet(out.toString()).collectAsList();
        assertThat(rows).hasSize(21);
        for (Row r : rows) {
            String path = r.getString(r.fieldIndex("path"));
            String cls = r.getString(r.fieldIndex("class"));
            int file = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1, path.length() - 4));
            long index = cls.equals("a-dark") ? file : 9 + file;
            assertThat(path).contains("/" + cls + "/");
            assertThat(r.getInt(r.fieldIndex("label"))).isEqualTo(cls.equals("a-dark") ? 0 : 1);
            assertThat(want.get(index).get("label")).isEqualTo(cls);
            for (String n : ExampleScore.NAMES) {
                assertThat(r.getDouble(r.fieldIndex(n))).as("%s %s", path, n)
                        .isEqualTo(Double.parseDouble(want.get(index).get(n)));
            }
        }
    }

    @Test
    void aCsvWithItsOwnIndexColumnKeepsIt() throws IOException {
        Path data = Fixtures.tmp.resolve("own-index.csv");
        Files.writeString(data, "index,visits,basket,segment,member\nb,3,20.5,student,no\na,12,71.25,retired,yes\n");
        Path out = Fixtures.tmp.resolve("own-index-scores.csv");
        Fixtures.Run j = Fixtures.job("score", "--model", Fixtures.tableModel.toString(), "--input", data.toString(),
                "--output", out.toString(), "--k", "4");
        assertThat(j.code()).as(j.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).startsWith("index,visits,basket,segment,member,neg_elbo,");
        assertThat(lines.subList(1, 3)).extracting(l -> l.substring(0, 2)).containsExactlyInAnyOrder("b,", "a,");
    }

    @Test
    void transformSchemaNamesTheAddedColumns() {
        var schema = Fixtures.spark.read().option("header", true)
                .csv(Fixtures.tmp.resolve("shop-train.csv").toString()).schema();
        assertThat(new VaeScorer().setModelPath(Fixtures.tableModel.toString()).transformSchema(schema).fieldNames())
                .containsExactly("visits", "basket", "segment", "member", "neg_elbo", "recon", "kl", "neg_log_px",
                        "corrected", "top_column", "top_column_share");
        assertThat(new VaeEncoder().setModelPath(Fixtures.tableModel.toString()).transformSchema(schema).fieldNames())
                .containsExactly("visits", "basket", "segment", "member", "z_mean", "z_log_var");
    }

    @Test
    void parquetRoundTripWithTypedColumns() throws IOException {
        Path data = Fixtures.shopCsv(Fixtures.tmp.resolve("shop-new3.csv"), 80, 13, true);
        Path ref = Fixtures.tmp.resolve("ref3.csv");
        assertThat(Fixtures.core("score", "--model", Fixtures.tableModel.toString(), "--data", data.toString(),
                "--k", "8", "--out", ref.toString()).code()).isZero();
        Map<Long, Map<String, String>> want = Fixtures.readCoreCsv(ref);
        // the same rows as Parquet with typed columns: numbers as double and int, the levels as strings
        Path in = Fixtures.tmp.resolve("shop-new3.parquet");
        Fixtures.spark.read().option("header", true).csv(data.toString())
                .select(functions.col("id").cast(DataTypes.LongType), functions.col("visits").cast(DataTypes.IntegerType),
                        functions.col("basket").cast(DataTypes.DoubleType), functions.col("segment"),
                        functions.col("member"))
                .repartition(4).write().mode(SaveMode.ErrorIfExists).parquet(in.toString());
        Path out = Fixtures.tmp.resolve("scores3.parquet");
        Fixtures.Run j = Fixtures.job("score", "--model", Fixtures.tableModel.toString(), "--input", in.toString(),
                "--output", out.toString(), "--k", "8");
        assertThat(j.code()).as(j.err()).isZero();
        Dataset<Row> back = Fixtures.spark.read().parquet(out.toString());
        assertThat(back.schema().apply("basket").dataType()).isEqualTo(DataTypes.DoubleType);
        List<Row> rows = back.collectAsList();
        assertThat(rows).hasSize(80);
        for (Row r : rows) {
            Map<String, String> w = want.get(r.getLong(r.fieldIndex("id")) - 1000);
            for (String n : ExampleScore.NAMES) {
                assertThat(r.getDouble(r.fieldIndex(n))).isEqualTo(Double.parseDouble(w.get(n)));
            }
        }
    }

    @Test
    void encodeEqualsTheCoreForEveryPartitioning() throws IOException {
        Path data = Fixtures.shopCsv(Fixtures.tmp.resolve("shop-new4.csv"), 120, 17, true);
        // one process: the core reads the new rows as 'vae4j encode --data' does and encodes them row-wise
        SavedModel m = ModelDirectory.load(Fixtures.tableModel);
        vae4j.data.Dataset rows0 = DataSources.forModel(data, DataRecipe.fromOptions(m.dataset().options()),
                m.model().config().input(), Fixtures.tmp.resolve("home/cache"), null).all();
        LatentCodes exact = LatentCodes.encodeRowwise(m.model(), rows0);
        // and the CLI (batches of 1,000: the same codes up to float32 rounding)
        Path ref = Fixtures.tmp.resolve("ref-z.csv");
        Fixtures.Run c = Fixtures.core("encode", "--model", Fixtures.tableModel.toString(), "--data", data.toString(),
                "--out", ref.toString());
        assertThat(c.code()).as(c.err()).isZero();
        Map<Long, Map<String, String>> cli = Fixtures.readCoreCsv(ref);
        for (int p : new int[] {1, 3, 7}) {
            Path out = Fixtures.tmp.resolve("z-" + p + ".parquet");
            Fixtures.Run j = Fixtures.job("encode", "--model", Fixtures.tableModel.toString(), "--input",
                    data.toString(), "--output", out.toString(), "--partitions", Integer.toString(p),
                    "--batch-size", Integer.toString(3 + 10 * p));
            assertThat(j.code()).as(j.err()).isZero();
            List<Row> rows = Fixtures.spark.read().parquet(out.toString()).collectAsList();
            assertThat(rows).hasSize(120);
            for (Row r : rows) {
                int i = (int) r.getLong(r.fieldIndex("index"));
                List<Float> mean = r.getList(r.fieldIndex("z_mean"));
                List<Float> logVar = r.getList(r.fieldIndex("z_log_var"));
                assertThat(mean).hasSize(4);
                for (int d = 0; d < 4; d++) {
                    assertThat(mean.get(d)).as("row %d, z_mean_%d, %d partitions", i, d, p)
                            .isEqualTo(exact.mean(i, d));
                    assertThat(logVar.get(d)).isEqualTo(exact.logVar()[i * 4 + d]);
                    assertThat(mean.get(d)).isCloseTo(Float.parseFloat(cli.get((long) i).get("z_mean_" + d)),
                            within(1e-5f));
                    assertThat(logVar.get(d)).isCloseTo(Float.parseFloat(cli.get((long) i).get("z_log_var_" + d)),
                            within(1e-5f));
                }
            }
        }
        Path csv = Fixtures.tmp.resolve("z.csv");
        assertThat(Fixtures.job("encode", "--model", Fixtures.tableModel.toString(), "--input", data.toString(),
                "--output", csv.toString(), "--partitions", "2").code()).isZero();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("index,id,visits,basket,segment,member,z_mean_0,z_mean_1,z_mean_2,"
                + "z_mean_3,z_log_var_0,z_log_var_1,z_log_var_2,z_log_var_3");
        assertThat(lines).hasSize(121);
        for (int i = 1; i <= 120; i++) {
            String[] s = lines.get(i).split(",");
            assertThat(s[0]).isEqualTo(Integer.toString(i - 1));
            for (int d = 0; d < 4; d++) {
                assertThat(s[6 + d]).isEqualTo(Float.toString(exact.mean(i - 1, d))); // the core's float text
            }
        }
    }

    @Test
    void aConditionalModelScoresEachRowWithItsOwnLabel() throws IOException {
        Path train = Fixtures.shopCsv(Fixtures.tmp.resolve("shop-cond.csv"), 300, 23, false);
        Path model = Fixtures.tmp.resolve("cond-model");
        Fixtures.Run t = Fixtures.core("train", "--data", train.toString(), "--label-column", "segment",
                "--conditional", "--preset", "table-mlp", "--epochs", "2", "--out", model.toString());
        assertThat(t.code()).as(t.err()).isZero();
        Path data = Fixtures.shopCsv(Fixtures.tmp.resolve("shop-cond-new.csv"), 90, 29, true);
        Path ref = Fixtures.tmp.resolve("ref-cond.csv");
        Fixtures.Run c = Fixtures.core("score", "--model", model.toString(), "--data", data.toString(), "--k", "12",
                "--out", ref.toString());
        assertThat(c.code()).as(c.err()).isZero();
        Map<Long, Map<String, String>> want = Fixtures.readCoreCsv(ref);
        Path out = Fixtures.tmp.resolve("cond.parquet");
        Fixtures.Run j = Fixtures.job("score", "--model", model.toString(), "--input", data.toString(), "--output",
                out.toString(), "--label-column", "segment", "--partitions", "3", "--k", "12");
        assertThat(j.code()).as(j.err()).isZero();
        List<Row> rows = Fixtures.spark.read().parquet(out.toString()).collectAsList();
        assertThat(rows).hasSize(90);
        for (Row r : rows) {
            Map<String, String> w = want.get(r.getLong(r.fieldIndex("index")));
            assertThat(r.getString(r.fieldIndex("segment"))).isEqualTo(w.get("label"));
            for (String n : ExampleScore.NAMES) {
                assertThat(r.getDouble(r.fieldIndex(n))).isEqualTo(Double.parseDouble(w.get(n)));
            }
        }
        // without its label column the job stops on the driver, saying so
        Fixtures.Run none = Fixtures.job("score", "--model", model.toString(), "--input", data.toString(),
                "--output", Fixtures.tmp.resolve("never-cond.parquet").toString());
        assertThat(none.code()).isEqualTo(3);
        assertThat(none.err()).contains("the model is conditional on 3 classes").contains("--label-column");
    }

    @Test
    void pictureFolderScoresEqualTheCoreForEveryPartitioning() throws IOException {
        Path pics = Fixtures.pictures(Fixtures.tmp.resolve("pics-new"), 40, 6, 6, 21); // 6..14 px: resized to 8x8
        Path ref = Fixtures.tmp.resolve("ref-pics.csv");
        Fixtures.Run c = Fixtures.core("score", "--model", Fixtures.pictureModel.toString(), "--data", pics.toString(),
                "--k", "10", "--out", ref.toString());
        assertThat(c.code()).as(c.err()).isZero();
        Map<Long, Map<String, String>> want = Fixtures.readCoreCsv(ref); // index = the files in name order
        for (int p : new int[] {1, 3, 7}) {
            Path out = Fixtures.tmp.resolve("pics-" + p + ".parquet");
            Fixtures.Run j = Fixtures.job("score", "--model", Fixtures.pictureModel.toString(), "--input",
                    pics.toString(), "--output", out.toString(), "--partitions", Integer.toString(p), "--k", "10");
            assertThat(j.code()).as(j.err()).isZero();
            List<Row> rows = Fixtures.spark.read().parquet(out.toString()).collectAsList();
            assertThat(rows).hasSize(40);
            for (Row r : rows) {
                String path = r.getString(r.fieldIndex("path"));
                long file = Long.parseLong(path.substring(path.lastIndexOf('/') + 1, path.length() - 4));
                for (String n : ExampleScore.NAMES) {
                    assertThat(r.getDouble(r.fieldIndex(n))).as("%s %s", path, n)
                            .isEqualTo(Double.parseDouble(want.get(file).get(n)));
                }
            }
        }
        // the same pictures through Spark's image source (decoded by Spark into BGR bytes): the same scores
        Dataset<Row> images = Fixtures.spark.read().format("image").load(pics.toString()).repartition(3);
        List<Row> rows = new VaeScorer().setModelPath(Fixtures.pictureModel.toString()).setK(10).transform(images)
                .collectAsList();
        assertThat(rows).hasSize(40);
        for (Row r : rows) {
            String origin = r.getStruct(r.fieldIndex("image")).getAs("origin");
            long file = Long.parseLong(origin.substring(origin.lastIndexOf('/') + 1, origin.length() - 4));
            for (String n : ExampleScore.NAMES) {
                assertThat(r.getDouble(r.fieldIndex(n))).as("%s %s", origin, n)
                        .isEqualTo(Double.parseDouble(want.get(file).get(n)));
            }
        }
    }
}
