package vae4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line on a user's own data, end to end and on data made here: a CSV table with numeric, binary,
 * categorical and label columns, and a folder of RGB pictures in class sub-folders.
 */
class OwnDataCliTest {
    @TempDir
    static Path tmp;

    static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @BeforeAll
    static void isolatedHome() {
        System.setProperty("vae4j.home", tmp.resolve("home").toString());
    }

    @AfterAll
    static void restoreHome() {
        System.clearProperty("vae4j.home");
    }

    /** Rows of a made-up shop: basket value depends on the segment, "member" on the visits. */
    static Path shopCsv(Path file, int n, long seed) throws IOException {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder("id,visits,basket,segment,member,\"region, quoted\",channel\n");
        String[] segments = {"student", "family", "retired"};
        String[] regions = {"north", "south"};
        String[] channels = {"web", "store", "phone"};
        for (int i = 0; i < n; i++) {
            int s = r.nextInt(3);
            int visits = 1 + r.nextInt(20);
            double basket = 20 + 30 * s + 5 * r.nextGaussian();
            sb.append(String.format(Locale.ROOT, "%d,%d,%.2f,%s,%s,\"%s\",%s%n", i, visits, basket, segments[s],
                    visits > 10 ? "yes" : "no", regions[r.nextInt(2)], channels[r.nextInt(3)]));
        }
        return Files.writeString(file, sb.toString());
    }

    @Test
    void csvTableFromTrainingToEncodingNewRows() throws IOException {
        Path csv = shopCsv(tmp.resolve("shop.csv"), 600, 1);
        Path model = tmp.resolve("shop-model");
        CliRun t = run("train", "--data", csv.toString(), "--label-column", "segment", "--ignore-columns", "id",
                "--epochs", "8", "--out", model.toString());
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains("540 training and 60 test examples").contains("rows/s");

        CliRun s = run("summary", "--model", model.toString());
        assertThat(s.out()).contains("table of 5 columns (2 numeric, 2 binary, 1 categorical)")
                .contains("member").contains("levels [no, yes]").contains("region, quoted")
                .contains("levels [phone, store, web]");
        // the training-split mean of 'visits' is stored: recompute it from the file and the recorded split
        assertThat(s.out()).containsPattern("visits\\s+numeric\\s+mean 10\\.\\d+");

        // the same data again: same split, so the same test size, and label-coloured latent plane
        CliRun e = run("encode", "--model", model.toString(), "--out", tmp.resolve("z.csv").toString());
        assertThat(e.code()).as(e.err()).isZero();
        List<String> z = Files.readAllLines(tmp.resolve("z.csv"));
        assertThat(z).hasSize(61);
        assertThat(z.get(0)).startsWith("index,label,z_mean_0");

        // new rows: extra columns are ignored, columns are matched by name
        Path fresh = Files.writeString(tmp.resolve("fresh.csv"),
                "member,basket,visits,region, quoted,extra,channel\nyes,55.5,12,south,x,web\nno,21,3,north,y,phone\n"
                        .replace("region, quoted", "\"region, quoted\""));
        CliRun ok = run("encode", "--model", model.toString(), "--data", fresh.toString(), "--out",
                tmp.resolve("z2.csv").toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(Files.readAllLines(tmp.resolve("z2.csv"))).hasSize(3);

        // an unknown category: one line naming file, line and column; exit 3; nothing written
        Path bad = Files.writeString(tmp.resolve("bad.csv"),
                "visits,basket,member,\"region, quoted\",channel\n3,20,no,north,web\n4,21,maybe,north,web\n");
        CliRun b = run("encode", "--model", model.toString(), "--data", bad.toString(), "--out",
                tmp.resolve("z3.csv").toString());
        assertThat(b.code()).isEqualTo(ExitCodes.DATA);
        assertThat(b.err()).contains("bad.csv: line 3, column 'member'").contains("'maybe'");
        assertThat(b.err().lines().count()).isEqualTo(1);
        assertThat(tmp.resolve("z3.csv")).doesNotExist();

        // decoded rows come back in the data's own terms
        CliRun rec = run("reconstruct", "--model", model.toString(), "--n", "4", "--out",
                tmp.resolve("rec.csv").toString());
        assertThat(rec.code()).as(rec.err()).isZero();
        List<String> rows = Files.readAllLines(tmp.resolve("rec.csv"));
        assertThat(rows.get(0)).isEqualTo("index,row,visits,basket,member,\"region, quoted\",channel");
        assertThat(rows).hasSize(9);
        assertThat(rows.get(2)).matches("0,reconstruction,[0-9.E-]+,[0-9.E-]+,(yes|no),(north|south),(web|store|phone)");
        CliRun png = run("generate", "--model", model.toString(), "--out", tmp.resolve("g.png").toString());
        assertThat(png.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(png.err()).contains("written as CSV");

        // an evaluation report and a file of the user's in the model folder survive further training
        CliRun ev = run("evaluate", "--model", model.toString(), "--k", "20");
        assertThat(ev.code()).as(ev.err()).isZero();
        Path report = model.resolve("evaluation-test-k20.json");
        String reportText = Files.readString(report);
        Files.writeString(model.resolve("notes.txt"), "segment model, first try");

        // resuming the finished run is a no-op with exit 0, and finds the data through the recorded recipe
        CliRun again = run("train", "--resume", model.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out() + again.err()).contains("nothing to do");
        CliRun more = run("train", "--resume", model.toString(), "--epochs", "10", "--checkpoint-every", "1");
        assertThat(more.code()).as(more.err()).isZero();
        assertThat(more.out()).contains("epoch 10/10");
        assertThat(report).hasContent(reportText);
        assertThat(model.resolve("notes.txt")).hasContent("segment model, first try");
        assertThat(run("summary", "--model", model.toString()).out()).contains("After epoch 10:");
    }

    @Test
    void csvErrorsNameLineAndColumn() throws IOException {
        Path ragged = Files.writeString(tmp.resolve("ragged.csv"), "a,b\n1,2\n3\n");
        CliRun r = run("train", "--data", ragged.toString(), "--out", tmp.resolve("m-ragged").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.DATA);
        assertThat(r.err()).contains("ragged.csv").contains("line 3");
        assertThat(tmp.resolve("m-ragged")).doesNotExist();

        Path missing = Files.writeString(tmp.resolve("missing.csv"), "a,b\n1,2\n3,\n5,6\n7,8\n");
        CliRun m = run("train", "--data", missing.toString(), "--out", tmp.resolve("m-missing").toString());
        assertThat(m.code()).isEqualTo(ExitCodes.DATA);
        assertThat(m.err()).contains("line 3, column 'b'").contains("--missing");
    }

    /** Pictures of a red square or a blue disc, at a random place, in two class folders. */
    static Path pictureFolder(Path root, int perClass) throws IOException {
        Random r = new Random(5);
        for (String cls : List.of("red-squares", "blue-discs")) {
            Path dir = Files.createDirectories(root.resolve(cls));
            for (int i = 0; i < perClass; i++) {
                BufferedImage img = new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB);
                var g = img.createGraphics();
                g.setColor(java.awt.Color.WHITE);
                g.fillRect(0, 0, 20, 20);
                int x = r.nextInt(10);
                int y = r.nextInt(10);
                if (cls.startsWith("red")) {
                    g.setColor(java.awt.Color.RED);
                    g.fillRect(x, y, 8, 8);
                } else {
                    g.setColor(java.awt.Color.BLUE);
                    g.fillOval(x, y, 9, 9);
                }
                g.dispose();
                ImageIO.write(img, "png", dir.resolve(i + ".png").toFile());
            }
        }
        Files.writeString(root.resolve("README.txt"), "not a picture");
        return root;
    }

    @Test
    void rgbPictureFolderTrainsAConvModelAndDrawsInColour() throws IOException {
        Path pics = pictureFolder(tmp.resolve("pics"), 60);
        Path model = tmp.resolve("pics-model");
        CliRun t = run("train", "--data", pics.toString(), "--image-size", "16x16", "--preset", "keras-conv",
                "--hidden", "8,16,16", "--epochs", "3", "--batch-size", "20", "--out", model.toString());
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains("3x16x16 images").contains("1 file that is not a picture skipped");
        CliRun s = run("summary", "--model", model.toString());
        assertThat(s.out()).contains("input 3x16x16").contains("Conv2D 8, 3x3, stride 2, pad 1, relu")
                .contains("(None, 3, 16, 16)");
        Path rec = tmp.resolve("rec.png");
        CliRun r = run("reconstruct", "--model", model.toString(), "--n", "6", "--out", rec.toString());
        assertThat(r.code()).as(r.err()).isZero();
        BufferedImage img = ImageIO.read(rec.toFile());
        assertThat(img.getColorModel().getNumColorComponents()).isEqualTo(3);
        // the top row shows the originals: a pure red or pure blue pixel must be there
        boolean coloured = false;
        for (int x = 0; x < img.getWidth(); x++) {
            for (int y = 0; y < img.getHeight() / 2; y++) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                coloured |= rgb == 0xff0000 || rgb == 0x0000ff;
            }
        }
        assertThat(coloured).isTrue();
        CliRun l = run("plot", "latent", "--model", model.toString(), "--split", "train", "--out",
                tmp.resolve("latent.png").toString());
        assertThat(l.code()).as(l.err()).isZero();
        assertThat(l.out()).contains("108 pics/train examples");
    }
}
