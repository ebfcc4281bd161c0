package vae4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import vae4j.data.DataSplits;
import vae4j.testing.TestData;

/** The command line end to end in a temporary folder: exit codes, messages and the files written. */
@Tag("real-data")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliTest {
    @TempDir
    static Path tmp;
    static Path data;
    static Path model;

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    static BufferedImage png(Path p) throws IOException {
        assertThat(p).isRegularFile();
        BufferedImage img = ImageIO.read(p.toFile());
        assertThat(img).as("%s is a PNG", p).isNotNull();
        return img;
    }

    @BeforeAll
    static void smallRealDataFolder() throws IOException {
        DataSplits fashion = TestData.fashionMnist();
        data = Files.createDirectories(tmp.resolve("data"));
        TestData.writeIdx(fashion.train(), 600, data, "train");
        TestData.writeIdx(fashion.test(), 200, data, "t10k");
        model = tmp.resolve("model");
    }

    @Test
    @Order(1)
    void trainWritesAModelFolder() {
        CliRun r = run("train", "--data", data.toString(), "--preset", "keras-mlp", "--epochs", "2", "--out",
                model.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("epoch 2/2", "test -ELBO", "img/s", "peak RSS");
        assertThat(model.resolve("config.json")).isRegularFile();
        assertThat(model.resolve("weights.safetensors")).isRegularFile();
        assertThat(model.resolve("history.jsonl")).content().hasLineCount(2);
    }

    @Test
    @Order(2)
    void everySubcommandWorksOnTheModel() throws IOException {
        CliRun s = run("summary", "--model", model.toString());
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(s.out()).contains("Dense 512, relu", "(None, 2)", "Total parameters: 807,700");

        CliRun ev = run("evaluate", "--model", model.toString(), "--k", "20", "--limit-test", "50", "--out",
                tmp.resolve("eval.json").toString());
        assertThat(ev.code()).as(ev.err()).isZero();
        assertThat(ev.out()).contains("-log p(x), IWAE k=20", "active units");
        assertThat(tmp.resolve("eval.json")).content().contains("\"negLogLikelihood\"").contains("\"k\" : 20");

        Path csv = tmp.resolve("z.csv");
        CliRun e = run("encode", "--model", model.toString(), "--out", csv.toString());
        assertThat(e.code()).as(e.err()).isZero();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(201);
        assertThat(lines.get(0)).isEqualTo("index,label,z_mean_0,z_mean_1,z_log_var_0,z_log_var_1");
        assertThat(lines.get(1).split(",")).hasSize(6);

        CliRun l = run("plot", "latent", "--model", model.toString(), "--out", tmp.resolve("latent.png").toString());
        assertThat(l.code()).as(l.err()).isZero();
        BufferedImage latent = png(tmp.resolve("latent.png"));
        assertThat(latent.getWidth()).isEqualTo(900);
        assertThat(latent.getHeight()).isEqualTo(760);

        CliRun m = run("plot", "manifold", "--model", model.toString(), "--n", "10", "--grid", "inverse-cdf",
                "--out", tmp.resolve("grid.png").toString());
        assertThat(m.code()).as(m.err()).isZero();
        BufferedImage grid = png(tmp.resolve("grid.png"));
        assertThat(grid.getWidth()).isEqualTo(10 * 28 * 2);
        assertThat(grid.getHeight()).isEqualTo(10 * 28 * 2);

        CliRun g = run("generate", "--model", model.toString(), "--n", "16", "--out", tmp.resolve("s.png").toString());
        assertThat(g.code()).as(g.err()).isZero();
        assertThat(png(tmp.resolve("s.png")).getWidth()).isEqualTo(4 * 56 + 5 * 2);

        CliRun c = run("reconstruct", "--model", model.toString(), "--n", "5", "--out",
                tmp.resolve("r.png").toString());
        assertThat(c.code()).as(c.err()).isZero();
        BufferedImage rec = png(tmp.resolve("r.png"));
        assertThat(rec.getWidth()).isEqualTo(5 * 56 + 6 * 2);
        assertThat(rec.getHeight()).isEqualTo(2 * 56 + 3 * 2);
    }

    @Test
    @Order(3)
    void badValuesExitWithUsageAndNoOutput() {
        Path out = tmp.resolve("never");
        String[][] cases = {
            {"--preset", "vgg16"}, {"--latent-dim", "0"}, {"--lr", "-1"}, {"--likelihood", "poisson"},
            {"--batch-size", "5000"}, {"--epochs", "0"}, {"--optimizer", "sgd2"}};
        String[] expected = {"unknown preset 'vgg16'", "latent size must be >= 1, got 0",
            "learning rate must be a positive number, got -1.0", "unknown likelihood 'poisson'",
            "batch size 5000 is larger than the training set (600 examples)", "epochs must be >= 1, got 0",
            "unknown optimizer 'sgd2'"};
        for (int i = 0; i < cases.length; i++) {
            String[] args = concat(new String[] {"train", "--data", data.toString(), "--out", out.toString()},
                    cases[i]);
            CliRun r = run(args);
            assertThat(r.code()).as(Arrays.toString(cases[i]) + " " + r.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).startsWith("vae4j: error: ").contains(expected[i]).doesNotContain("\tat ");
            assertThat(out).doesNotExist();
        }
        assertThat(run("train").code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    @Order(3)
    void imagesOfTheWrongSizeAreRejectedWithBothShapes() throws IOException {
        Path odd = Files.createDirectories(tmp.resolve("odd"));
        byte[] px = new byte[40 * 30 * 30];
        new java.util.Random(1).nextBytes(px);
        Files.write(odd.resolve("train-images-idx3-ubyte"), vae4j.data.IdxFile.encode(new int[] {40, 30, 30}, px));
        Files.write(odd.resolve("t10k-images-idx3-ubyte"), vae4j.data.IdxFile.encode(new int[] {10, 30, 30},
                java.util.Arrays.copyOf(px, 9000)));
        CliRun conv = run("train", "--data", odd.toString(), "--preset", "keras-conv", "--batch-size", "8", "--out",
                tmp.resolve("never").toString());
        assertThat(conv.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(conv.err()).contains("conv with 2 levels needs image sides divisible by 4, got 30x30");
        CliRun enc = run("encode", "--model", model.toString(), "--data", odd.toString(), "--out",
                tmp.resolve("never.csv").toString());
        assertThat(enc.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(enc.err()).contains("are 1x30x30 but the model takes 1x28x28 images");
        assertThat(tmp.resolve("never.csv")).doesNotExist();
        assertThat(run("plot", "manifold", "--model", model.toString(), "--grid", "spiral", "--out", "x.png").err())
                .contains("unknown --grid 'spiral'");
    }

    @Test
    @Order(4)
    void badDataExitsWithDataErrorAndLeavesTheOldModelIntact() throws IOException {
        Path bad = Files.createDirectories(tmp.resolve("bad"));
        Files.copy(data.resolve("train-labels-idx1-ubyte.gz"), bad.resolve("train-labels-idx1-ubyte.gz"));
        Files.copy(data.resolve("t10k-images-idx3-ubyte.gz"), bad.resolve("t10k-images-idx3-ubyte.gz"));
        Files.write(bad.resolve("train-images-idx3-ubyte"), new byte[] {0, 0, 8, 3, 0, 0, 0, 9});
        byte[] before = Files.readAllBytes(model.resolve("weights.safetensors"));
        CliRun r = run("train", "--data", bad.toString(), "--epochs", "1", "--out", model.toString(), "--overwrite");
        assertThat(r.code()).isEqualTo(ExitCodes.DATA);
        assertThat(r.err()).contains("train-images-idx3-ubyte").contains("header truncated");
        assertThat(Files.readAllBytes(model.resolve("weights.safetensors"))).isEqualTo(before);

        CliRun missing = run("train", "--data", tmp.resolve("nowhere").toString(), "--out", model.toString(),
                "--overwrite");
        assertThat(missing.code()).isEqualTo(ExitCodes.DATA);
        assertThat(missing.err()).contains("nowhere: no such file or folder");

        CliRun offline = run("train", "--dataset", "mnist", "--offline", "--out", tmp.resolve("m2").toString());
        assertThat(offline.code()).isEqualTo(ExitCodes.DATA);
    }

    @Test
    @Order(5)
    void brokenModelFoldersExitWithIoError() throws IOException {
        CliRun r = run("summary", "--model", tmp.resolve("absent").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.IO);
        assertThat(r.err()).contains("absent").contains("model folder not found");

        Path copy = Files.createDirectories(tmp.resolve("copy"));
        for (String f : List.of("config.json", "weights.safetensors", "history.jsonl")) {
            Files.copy(model.resolve(f), copy.resolve(f));
        }
        byte[] w = Files.readAllBytes(copy.resolve("weights.safetensors"));
        Files.write(copy.resolve("weights.safetensors"), Arrays.copyOf(w, 1000));
        CliRun t = run("generate", "--model", copy.toString(), "--out", tmp.resolve("g.png").toString());
        assertThat(t.code()).isEqualTo(ExitCodes.IO);
        assertThat(t.err()).contains("weights.safetensors");
        assertThat(tmp.resolve("g.png")).doesNotExist();
    }

    @Test
    @Order(6)
    void demoWritesEveryPicture() throws IOException {
        Path demo = tmp.resolve("demo");
        CliRun r = run("demo", "--data", data.toString(), "--epochs", "2", "--out", demo.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("demo finished: trained on IDX files in");
        assertThat(r.out().strip()).endsWith("explore the model in a browser: ./vae4j serve --model "
                + demo.resolve("model") + "   (then open the address it prints, http://127.0.0.1:8080/)");
        for (String f : List.of("latent.png", "manifold.png", "samples.png", "reconstructions.png", "loss.png")) {
            assertThat(png(demo.resolve(f)).getWidth()).as(f).isGreaterThan(100);
        }
        assertThat(demo.resolve("summary.txt")).content().contains("Dense 256, relu");
        assertThat(demo.resolve("model/config.json")).isRegularFile();
        // labelled data: a conditional model of the same recipe draws one row per class
        assertThat(r.out()).contains("classes.png      one row per class");
        assertThat(png(demo.resolve("classes.png")).getWidth()).isGreaterThan(100);
        assertThat(demo.resolve("model-conditional/config.json")).content().contains("\"classes\"");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
