package vae4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vae4j score} and {@code calibrate} end to end on made-up tables and pictures. */
class ScoreCliTest {
    @TempDir
    static Path tmp;
    static Path model;

    @BeforeAll
    static void trainATableModel() throws IOException {
        System.setProperty("vae4j.home", tmp.resolve("home").toString());
        Path csv = OwnDataCliTest.shopCsv(tmp.resolve("shop.csv"), 600, 1);
        model = tmp.resolve("shop-model");
        CliRun t = CliRun.of("train", "--data", csv.toString(), "--label-column", "segment",
                "--ignore-columns", "id", "--epochs", "3", "--out", model.toString());
        assertThat(t.code()).as(t.err()).isZero();
    }

    @AfterAll
    static void restoreHome() {
        System.clearProperty("vae4j.home");
    }

    static List<String[]> rows(Path csv) throws IOException {
        // the shop data has no commas inside scored fields except the quoted column name, which is not a score field
        return Files.readAllLines(csv).stream().skip(1).map(l -> l.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)"))
                .toList();
    }

    @Test
    void calibrateThenScoreFlagsTheExpectedShareOfNewNormalRows() throws IOException {
        Path validation = OwnDataCliTest.shopCsv(tmp.resolve("validation.csv"), 2000, 2);
        Path heldOut = OwnDataCliTest.shopCsv(tmp.resolve("held-out.csv"), 2000, 3);
        CliRun c = CliRun.of("calibrate", "--model", model.toString(), "--data", validation.toString(),
                "--quantile", "0.9", "--k", "5");
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(c.out()).contains("rows/s").contains("neg_log_px");
        JsonNode t = new ObjectMapper().readTree(model.resolve("anomaly-thresholds.json").toFile());
        assertThat(t.path("examples").asInt()).isEqualTo(2000);
        assertThat(t.path("thresholds").has("corrected")).isTrue();

        Path out = tmp.resolve("held-out-scores.csv");
        CliRun s = CliRun.of("score", "--model", model.toString(), "--data", heldOut.toString(), "--k", "5",
                "--out", out.toString());
        assertThat(s.code()).as(s.err()).isZero();
        String header = Files.readAllLines(out).get(0);
        assertThat(header).isEqualTo("index,label,neg_elbo,recon,kl,neg_log_px,corrected,top_column,"
                + "top_column_share,flag");
        List<String[]> r = rows(out);
        assertThat(r).hasSize(2000);
        long flagged = r.stream().filter(f -> f[f.length - 1].equals("1")).count();
        // 10 % expected; sampling error of the threshold and of the count together: sd about 0.0095
        assertThat(flagged / 2000.0).isBetween(0.065, 0.135);
        // flags follow the stored threshold of neg_log_px exactly
        double threshold = t.path("thresholds").path("neg_log_px").asDouble();
        for (String[] f : r) {
            assertThat(f[f.length - 1]).isEqualTo(Double.parseDouble(f[5]) > threshold ? "1" : "0");
            assertThat(f[7]).isIn("visits", "basket", "member", "\"region, quoted\"", "channel");
        }
        // the thresholds' own rows score above the threshold 10 % of the time exactly (ties aside)
        Path own = tmp.resolve("validation-scores.csv");
        CliRun v = CliRun.of("score", "--model", model.toString(), "--data", validation.toString(), "--k", "5",
                "--out", own.toString());
        assertThat(v.code()).as(v.err()).isZero();
        assertThat(rows(own).stream().filter(f -> f[f.length - 1].equals("1")).count()).isEqualTo(200);
    }

    @Test
    void bf16ScoresStayNearFloat32OnesAndAnUnknownPrecisionIsExit2WithNoFile() throws IOException {
        Path fp32 = tmp.resolve("fp32.csv");
        Path bf16 = tmp.resolve("bf16.csv");
        CliRun a = CliRun.of("score", "--model", model.toString(), "--k", "8", "--out", fp32.toString());
        CliRun b = CliRun.of("score", "--model", model.toString(), "--k", "8", "--precision", "bf16", "--out",
                bf16.toString());
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(b.code()).as(b.err()).isZero();
        assertThat(b.out()).contains("networks in bf16");
        List<String[]> x = rows(fp32);
        List<String[]> y = rows(bf16);
        assertThat(y).hasSize(x.size());
        int moved = 0;
        for (int i = 0; i < x.size(); i++) {
            double d = Double.parseDouble(y.get(i)[5]) - Double.parseDouble(x.get(i)[5]); // neg_log_px
            assertThat(Math.abs(d)).as("row %d", i).isLessThan(0.1); // rows of 5 columns score 5 to 15 nats
            moved += d != 0 ? 1 : 0;
        }
        assertThat(moved).isPositive();

        Path none = tmp.resolve("fp16.csv");
        CliRun bad = CliRun.of("score", "--model", model.toString(), "--precision", "fp16", "--out", none.toString());
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err().strip()).isEqualTo("vae4j: error: --precision must be fp32 or bf16, got 'fp16'");
        assertThat(none).doesNotExist();
        // evaluate's report says its precision, in a file of its own beside float32's
        CliRun e = CliRun.of("evaluate", "--model", model.toString(), "--k", "4", "--precision", "bf16");
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(new ObjectMapper().readTree(model.resolve("evaluation-test-k4-bf16.json").toFile())
                .path("precision").asText()).isEqualTo("bf16");
    }

    @Test
    void labelsAsAnomaliesGiveMetricsAndPictures() throws IOException {
        Path out = tmp.resolve("labelled.csv");
        CliRun s = CliRun.of("score", "--model", model.toString(), "--k", "3", "--labels-as-anomalies",
                "retired", "--pca-baseline", "2", "--out", out.toString());
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(s.out()).contains("AUROC").contains("pca_recon").contains("recall@1%FPR");
        JsonNode m = new ObjectMapper().readTree(tmp.resolve("labelled-metrics.json").toFile());
        assertThat(m.path("scores").path("neg_log_px").path("auroc").asDouble()).isBetween(0.0, 1.0);
        for (String p : List.of("labelled-roc.png", "labelled-pr.png", "labelled-hist.png")) {
            assertThat(javax.imageio.ImageIO.read(tmp.resolve(p).toFile())).as(p).isNotNull();
        }
        List<String[]> r = rows(out);
        assertThat(r).hasSize(60); // the model's test split
        assertThat(r.stream().filter(f -> f[2].equals("1")).allMatch(f -> f[1].equals("retired"))).isTrue();
    }

    @Test
    void aTableWithoutTheModelsColumnsIsOneLineExit3AndNoScores() throws IOException {
        Path bad = Files.writeString(tmp.resolve("bad.csv"), "id,visits,segment\n1,3,family\n2,4,student\n");
        Path out = tmp.resolve("bad-scores.csv");
        CliRun s = CliRun.of("score", "--model", model.toString(), "--data", bad.toString(), "--out",
                out.toString());
        assertThat(s.code()).isEqualTo(3);
        assertThat(s.err().strip().lines().count()).as(s.err()).isEqualTo(1);
        assertThat(s.err()).contains("bad.csv");
        assertNoOutput(out);
    }

    /** A .npy file of uint8 images {@code [n, side, side]}. */
    static Path npyImages(Path file, int n, int side, long seed) throws IOException {
        String header = "{'descr': '|u1', 'fortran_order': False, 'shape': (" + n + ", " + side + ", " + side + "), }";
        int len = header.length() + 1;
        int pad = (64 - (10 + len) % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + n * side * side).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        Random r = new Random(seed);
        for (int i = 0; i < n * side * side; i++) {
            b.put((byte) r.nextInt(256));
        }
        return Files.write(file, b.array());
    }

    @Test
    void imagesOfTheWrongSizeAreOneLineExit3AndNoScores() throws IOException {
        Path imgs = npyImages(tmp.resolve("small.npy"), 40, 8, 1);
        Path m = tmp.resolve("image-model");
        CliRun t = CliRun.of("train", "--data", imgs.toString(), "--epochs", "1", "--batch-size", "16", "--out", m.toString());
        assertThat(t.code()).as(t.err()).isZero();
        Path out = tmp.resolve("wrong-size-scores.csv");
        CliRun s = CliRun.of("score", "--model", m.toString(), "--data",
                npyImages(tmp.resolve("big.npy"), 5, 10, 2).toString(), "--out", out.toString());
        assertThat(s.code()).as(s.err()).isEqualTo(3);
        assertThat(s.err().strip().lines().count()).as(s.err()).isEqualTo(1);
        assertThat(s.err()).contains("big.npy").contains("10");
        assertNoOutput(out);
        // the right size scores, and a second run with another batch size gives the same file byte for byte
        Path ok = tmp.resolve("right-size.csv");
        Path ok2 = tmp.resolve("right-size-2.csv");
        Path again = npyImages(tmp.resolve("again.npy"), 70, 8, 3);
        assertThat(CliRun.of("score", "--model", m.toString(), "--data", again.toString(), "--k", "4",
                "--out", ok.toString()).code()).isZero();
        assertThat(CliRun.of("score", "--model", m.toString(), "--data", again.toString(), "--k", "4",
                "--batch-size", "5", "--out", ok2.toString()).code()).isZero();
        assertThat(Files.readString(ok2)).isEqualTo(Files.readString(ok));
        assertThat(Files.readAllLines(ok)).hasSize(71);
    }

    private static void assertNoOutput(Path out) throws IOException {
        assertThat(out).doesNotExist();
        try (Stream<Path> s = Files.list(out.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(f -> f.startsWith("." + out.getFileName())))
                    .isEmpty();
        }
    }
}
