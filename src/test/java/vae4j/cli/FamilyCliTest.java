package vae4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VAE family on the command line: a conditional model trained on a labelled picture folder, its samples of one
 * class as NumPy and CSV, its pictures (manifold of a class, traversal, interpolation), and every bad value refused
 * with one line and exit code 2 before any work.
 */
class FamilyCliTest {
    @TempDir
    static Path tmp;
    static Path folder;
    static Path model;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    /** 8x8 grey PNGs in class folders a, b, c: top half, left half, centre square bright. */
    static Path shapesFolder(Path root, int perClass) throws IOException {
        Random r = new Random(1);
        String[] names = {"a", "b", "c"};
        for (int c = 0; c < 3; c++) {
            Path dir = Files.createDirectories(root.resolve(names[c]));
            for (int i = 0; i < perClass; i++) {
                BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 8; x++) {
                        int v = vae4j.train.FamilyTrainingTest.template(c, y, x) ? 160 + r.nextInt(96) : r.nextInt(30);
                        img.getRaster().setSample(x, y, 0, v);
                    }
                }
                ImageIO.write(img, "png", dir.resolve(i + ".png").toFile());
            }
        }
        return root;
    }

    @BeforeAll
    static void trainOnce() throws IOException {
        System.setProperty("vae4j.home", tmp.resolve("home").toString());
        folder = shapesFolder(tmp.resolve("shapes"), 150);
        model = tmp.resolve("cvae");
        Run r = run("train", "--data", folder.toString(), "--preset", "pytorch-mlp", "--hidden", "64",
                "--latent-dim", "2", "--conditional", "--objective", "iwae", "--k", "3", "--binarize", "dynamic",
                "--epochs", "12", "--batch-size", "30", "--lr", "3e-3", "--out", model.toString());
        assertThat(r.code()).as(r.err() + r.out()).isZero();
        assertThat(r.out()).contains("objective iwae k=3, dynamic binarisation, conditional on 3 classes");
    }

    @AfterAll
    static void restoreHome() {
        System.clearProperty("vae4j.home");
    }

    @Test
    void generateWritesOneClassAsNumpyAndCsv() throws IOException {
        Path npy = tmp.resolve("b.npy");
        Run r = run("generate", "--model", model.toString(), "--label", "1", "--n", "40", "--out", npy.toString());
        assertThat(r.code()).as(r.err()).isZero();
        byte[] bytes = Files.readAllBytes(npy);
        int headerLen = ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
        String header = new String(bytes, 10, headerLen, java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(header).contains("'descr': '<f4'").contains("'shape': (40, 1, 8, 8)").endsWith("\n");
        assertThat((10 + headerLen) % 64).isZero();
        assertThat(bytes.length).isEqualTo(10 + headerLen + 40 * 64 * 4);
        ByteBuffer body = ByteBuffer.wrap(bytes, 10 + headerLen, 40 * 64 * 4).order(ByteOrder.LITTLE_ENDIAN);
        float[] pics = new float[40 * 64];
        for (int i = 0; i < pics.length; i++) {
            pics[i] = body.getFloat();
        }
        int right = 0;
        for (int i = 0; i < 40; i++) {
            right += vae4j.train.FamilyTrainingTest.nearestTemplate(pics, i * 64) == 1 ? 1 : 0;
        }
        assertThat(right).isGreaterThanOrEqualTo(36);

        Path csv = tmp.resolve("c.csv");
        r = run("generate", "--model", model.toString(), "--label", "2", "--n", "5", "--out", csv.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0)).startsWith("label,v0,v1,").endsWith(",v63");
        assertThat(lines.get(1)).startsWith("2,");
        assertThat(lines.get(1).split(",")).hasSize(65);
    }

    @Test
    void theOtherCommandsGiveAConditionalModelEachExamplesLabel() throws IOException {
        Run r = run("reconstruct", "--model", model.toString(), "--n", "6", "--out", tmp.resolve("r.png").toString());
        assertThat(r.code()).as(r.err()).isZero();
        r = run("encode", "--model", model.toString(), "--out", tmp.resolve("z.csv").toString());
        assertThat(r.code()).as(r.err()).isZero();
        r = run("evaluate", "--model", model.toString(), "--k", "10", "--out", tmp.resolve("e.json").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(tmp.resolve("e.json")).content().contains("negLogLikelihood");
        r = run("summary", "--model", model.toString());
        assertThat(r.out()).contains("Objective: iwae k=3, dynamic binarisation, conditional on 3 classes");
        assertThat(r.out()).contains("Dense 64, relu");
        // pictures without labels cannot be encoded by a conditional model: one line, no stack trace
        Path loose = Files.createDirectories(tmp.resolve("loose"));
        Files.copy(folder.resolve("a/0.png"), loose.resolve("0.png"));
        Files.copy(folder.resolve("b/0.png"), loose.resolve("1.png"));
        r = run("encode", "--model", model.toString(), "--data", loose.toString(), "--out",
                tmp.resolve("z2.csv").toString());
        assertThat(r.code()).as(r.err()).isNotZero().isNotEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("no labels");
    }

    @Test
    void scoreAndCalibrateUseEachExamplesLabelAndRefuseUnlabelledData() throws IOException {
        Path scores = tmp.resolve("scores.csv");
        Run r = run("score", "--model", model.toString(), "--k", "5", "--out", scores.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(scores);
        assertThat(lines.get(0)).startsWith("index,label,neg_elbo");
        assertThat(lines.subList(1, lines.size())).allSatisfy(l -> assertThat(l.split(",")[1]).isIn("a", "b", "c"));
        r = run("calibrate", "--model", model.toString(), "--k", "3");
        assertThat(r.code()).as(r.err()).isZero();
        // loose pictures have no labels: one line, exit 3 (a data error), no scores written
        Path loose = Files.createDirectories(tmp.resolve("loose-score"));
        Files.copy(folder.resolve("a/1.png"), loose.resolve("0.png"));
        Files.copy(folder.resolve("c/1.png"), loose.resolve("1.png"));
        Path out = tmp.resolve("loose-scores.csv");
        r = run("score", "--model", model.toString(), "--data", loose.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(3);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("no labels").contains("conditional on 3 classes");
        assertThat(out).doesNotExist();
        r = run("calibrate", "--model", model.toString(), "--data", loose.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(3);
        assertThat(r.err().strip().lines()).hasSize(1);
        // and serve refuses them the same way, before it listens
        r = run("serve", "--model", model.toString(), "--data", loose.toString(), "--port", "0");
        assertThat(r.code()).as(r.err()).isEqualTo(3);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("no labels");
        assertThat(r.out()).doesNotContain("serving on");
    }

    @Test
    void picturesOfAClassATraversalAndAnInterpolation() throws IOException {
        Path manifold = tmp.resolve("m.png");
        Run r = run("plot", "manifold", "--model", model.toString(), "--label", "0", "--n", "5", "--out",
                manifold.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(ImageIO.read(manifold.toFile()).getWidth()).isGreaterThan(5 * 8);
        Path trav = tmp.resolve("t.png");
        r = run("plot", "traversal", "--model", model.toString(), "--index", "3", "--steps", "7", "--out",
                trav.toString());
        assertThat(r.code()).as(r.err()).isZero();
        BufferedImage t = ImageIO.read(trav.toFile());
        // 2 latent dimensions x 7 steps of 8x8 pictures, drawn at scale 2 with gaps of 2
        assertThat(t.getWidth()).isGreaterThan(t.getHeight() * 3);
        Path interp = tmp.resolve("i.png");
        r = run("plot", "interpolate", "--model", model.toString(), "--from", "0", "--to", "5", "--out",
                interp.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("both interpolation from test example 0 to 5 in 10 steps");
        // refused: no label for a conditional model's manifold; an example outside the split
        r = run("plot", "manifold", "--model", model.toString(), "--out", tmp.resolve("x.png").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("give --label");
        r = run("plot", "interpolate", "--model", model.toString(), "--from", "0", "--to", "100000", "--out",
                tmp.resolve("x.png").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(Files.exists(tmp.resolve("x.png"))).isFalse();
    }

    @Test
    void nonsenseIsRefusedWithOneLineAndExitCode2() throws IOException {
        Path csv = tmp.resolve("plain.csv");
        Files.writeString(csv, "a,b\n1,2\n3,4\n5,6\n7,8\n9,10\n11,12\n13,14\n15,16\n17,18\n19,20\n21,22\n");
        String[][] bad = {
            {"train", "--data", folder.toString(), "--beta", "0", "--out", tmp.resolve("o1").toString()},
            {"train", "--data", folder.toString(), "--beta", "-2", "--out", tmp.resolve("o1").toString()},
            {"train", "--data", folder.toString(), "--objective", "iwae", "--k", "0", "--out",
                tmp.resolve("o1").toString()},
            {"train", "--data", folder.toString(), "--free-bits", "-0.5", "--out", tmp.resolve("o1").toString()},
            {"train", "--data", folder.toString(), "--objective", "vi", "--out", tmp.resolve("o1").toString()},
            {"train", "--data", folder.toString(), "--kl-cycles", "-1", "--out", tmp.resolve("o1").toString()},
            {"train", "--data", folder.toString(), "--kl-warmup", "-1", "--out", tmp.resolve("o1").toString()},
            {"train", "--data", folder.toString(), "--k", "5", "--out", tmp.resolve("o1").toString()},
            {"train", "--data", folder.toString(), "--binarize", "static", "--out", tmp.resolve("o1").toString()},
            {"train", "--data", folder.toString(), "--likelihood", "poisson", "--out", tmp.resolve("o1").toString()},
            {"train", "--data", csv.toString(), "--conditional", "--out", tmp.resolve("o1").toString()},
            {"train", "--data", csv.toString(), "--binarize", "dynamic", "--out", tmp.resolve("o1").toString()},
            {"generate", "--model", model.toString(), "--label", "3", "--out", tmp.resolve("o.png").toString()},
            {"generate", "--model", model.toString(), "--label", "-1", "--out", tmp.resolve("o.png").toString()},
            {"train", "--resume", model.toString(), "--beta", "2"},
            {"train", "--data", folder.toString(), "--passes-scale", "0.1", "--out", tmp.resolve("o1").toString()},
            {"train", "--data", folder.toString(), "--preset", "iwae-1layer", "--passes-scale", "0", "--out",
                tmp.resolve("o1").toString()},
        };
        for (String[] args : bad) {
            Run r = run(args);
            assertThat(r.code()).as(String.join(" ", args) + " -> " + r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
            assertThat(r.err()).startsWith("vae4j: error: ").doesNotContain("Exception");
        }
        assertThat(Files.exists(tmp.resolve("o1"))).isFalse();
        assertThat(Files.exists(tmp.resolve("o.png"))).isFalse();
    }
}
