package vae4j.spark;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;
import vae4j.Vae4j;
import vae4j.data.CsvOptions;
import vae4j.data.ImageFolderSource;
import vae4j.data.SourceOptions;
import vae4j.train.Preset;

/**
 * What the Spark tests share: one local[2] session, a tiny table model and a tiny picture model trained here with the
 * core's library API (seconds), their data, and runs of the core CLI and of the job with captured output.
 */
final class Fixtures {
    static SparkSession spark;
    static Path tmp;
    static Path tableModel;
    static Path pictureModel;

    private Fixtures() {
    }

    /** Output and exit code of a command. */
    record Run(int code, String out, String err) {
    }

    static synchronized void setUp() throws IOException {
        if (spark != null) {
            return;
        }
        tmp = Files.createTempDirectory("vae4j-spark-test");
        System.setProperty("vae4j.home", tmp.resolve("home").toString());
        spark = SparkSession.builder().master("local[2]").appName("vae4j-spark-test")
                .config("spark.ui.enabled", false).config("spark.sql.shuffle.partitions", 4)
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
        Path train = shopCsv(tmp.resolve("shop-train.csv"), 400, 1, false);
        tableModel = tmp.resolve("shop-model");
        SourceOptions o = SourceOptions.defaults(tmp.resolve("home/cache")).withCsv(new CsvOptions(null, Set.of(),
                Set.of(), CsvOptions.Missing.ERROR)).withSplit(0.1, 1);
        Vae4j.train(Preset.TABLE_MLP, Vae4j.dataset(train, o), t -> t.withEpochs(3).withBatchSize(64), tableModel);
        Path pics = pictures(tmp.resolve("pics-train"), 120, 8, 8, 3);
        pictureModel = tmp.resolve("pics-model");
        SourceOptions po = SourceOptions.defaults(tmp.resolve("home/cache"))
                .withImages(new ImageFolderSource.Options(8, 8, 1)).withSplit(0.1, 1);
        Vae4j.train(Preset.KERAS_MLP, Vae4j.dataset(pics, po), t -> t.withEpochs(2).withBatchSize(32), pictureModel);
    }

    /**
     * Rows of a made-up shop: visits and basket (numbers), segment (3 levels), member (yes/no); with {@code id} first
     * when {@code withId}.
     */
    static Path shopCsv(Path file, int n, long seed, boolean withId) throws IOException {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(withId ? "id,visits,basket,segment,member\n"
                : "visits,basket,segment,member\n");
        String[] segments = {"student", "family", "retired"};
        for (int i = 0; i < n; i++) {
            int s = r.nextInt(3);
            int visits = 1 + r.nextInt(20);
            double basket = 20 + 30 * s + 5 * r.nextGaussian();
            if (withId) {
                sb.append(1000 + i).append(',');
            }
            sb.append(String.format(Locale.ROOT, "%d,%.3f,%s,%s%n", visits, basket, segments[s],
                    visits > 10 ? "yes" : "no"));
        }
        return Files.writeString(file, sb.toString());
    }

    /** {@code n} PNGs directly in {@code dir} (names 000.png, ...): a bright square on a dark ground. */
    static Path pictures(Path dir, int n, int h, int w, long seed) throws IOException {
        Random r = new Random(seed);
        Files.createDirectories(dir);
        for (int i = 0; i < n; i++) {
            int ih = h + (seed == 3 ? 0 : r.nextInt(9));
            int iw = w + (seed == 3 ? 0 : r.nextInt(9));
            BufferedImage img = new BufferedImage(iw, ih, BufferedImage.TYPE_INT_RGB);
            var g = img.createGraphics();
            g.setColor(new Color(r.nextInt(40), r.nextInt(40), r.nextInt(40)));
            g.fillRect(0, 0, iw, ih);
            g.setColor(new Color(200 + r.nextInt(56), 100 + r.nextInt(156), r.nextInt(256)));
            g.fillRect(r.nextInt(iw / 2), r.nextInt(ih / 2), iw / 2, ih / 2);
            g.dispose();
            ImageIO.write(img, "png", dir.resolve(String.format(Locale.ROOT, "%03d.png", i)).toFile());
        }
        return dir;
    }

    static Run core(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = vae4j.cli.Main.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    static Run job(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Job.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    /** A CSV written by the core CLI, by its {@code index} column: column name to text. */
    static Map<Long, Map<String, String>> readCoreCsv(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        String[] header = lines.get(0).split(",");
        Map<Long, Map<String, String>> rows = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            Map<String, String> m = new HashMap<>();
            for (int j = 0; j < header.length; j++) {
                m.put(header[j], f[j]);
            }
            rows.put(Long.parseLong(f[0]), m);
        }
        return rows;
    }
}
