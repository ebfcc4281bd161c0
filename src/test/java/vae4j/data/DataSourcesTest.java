package vae4j.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DataSourcesTest {
    @TempDir
    Path dir;

    private SourceOptions options() {
        return SourceOptions.defaults(dir.resolve("cache")).withSplit(0.25, 3);
    }

    @Test
    void csvIsSplitAndFittedOnTheTrainingRowsOnly() throws IOException {
        StringBuilder sb = new StringBuilder("x,kind\n");
        for (int i = 0; i < 20; i++) {
            sb.append(i * i).append(',').append(i % 2 == 0 ? "even" : "odd").append('\n');
        }
        Path csv = dir.resolve("sq.csv");
        Files.writeString(csv, sb.toString());
        LoadedData d = DataSources.open(csv, options().withCsv(CsvOptions.DEFAULT.withLabel("kind")));
        assertThat(d.split()).isEqualTo(new SplitSpec(3, 0.25, 20));
        assertThat(d.train().size()).isEqualTo(15);
        assertThat(d.test().size()).isEqualTo(5);
        assertThat(d.all().size()).isEqualTo(20);
        assertThat(d.train().classNames()).containsExactly("even", "odd");
        double mean = 0;
        for (int r : Splits.indices(d.split()).train()) {
            mean += r * r / 15.0;
        }
        assertThat(d.fit().spec().columns().get(0).mean()).isCloseTo(mean, within(1e-6));
        assertThat(d.source()).contains("sq.csv: 20 rows, table of 1 columns").contains("label 'kind' (2 classes)")
                .contains("split 15 train / 5 test");
        float[] out = new float[1];
        d.train().read(new int[] {0}, out);
        int firstTrain = Splits.indices(d.split()).train()[0];
        Column x = d.fit().spec().columns().get(0);
        assertThat(out[0]).isCloseTo((float) ((firstTrain * firstTrain - x.mean()) / x.std()), within(1e-5f));
    }

    @Test
    void npyImagesAreSplit() throws IOException {
        Path p = dir.resolve("imgs.npy");
        Files.write(p, NpySourceTest.npy(1, "|u1", false, "(8, 2, 2)", new byte[32]));
        LoadedData d = DataSources.open(p, options());
        assertThat(d.train().spec()).isEqualTo(new ImageSpec(1, 2, 2));
        assertThat(d.test().size()).isEqualTo(2);
        assertThat(d.fit()).isNull();
        assertThat(d.source()).contains("8 images (1x2x2, read in place)");
    }

    @Test
    void npyTableIsFitted() throws IOException {
        Path p = dir.resolve("t.npy");
        Files.write(p, NpySourceTest.npy(1, "<f4", false, "(4, 1)",
                NpySourceTest.floats(ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4)));
        LoadedData d = DataSources.open(p, options());
        assertThat(d.fit()).isNotNull();
        assertThat(d.train().spec()).isInstanceOf(TableSpec.class);
    }

    @Test
    void imageFolder() throws IOException {
        for (String c : new String[] {"cat", "dog"}) {
            for (int i = 0; i < 2; i++) {
                Path f = dir.resolve("pets").resolve(c).resolve(i + ".png");
                Files.createDirectories(f.getParent());
                ImageIO.write(new BufferedImage(3, 3, BufferedImage.TYPE_INT_RGB), "png", f.toFile());
            }
        }
        LoadedData d = DataSources.open(dir.resolve("pets"), options());
        assertThat(d.all().classNames()).containsExactly("cat", "dog");
        assertThat(d.train().size() + d.test().size()).isEqualTo(4);
        assertThat(d.source()).contains("4 images (3x3x3) in 2 classes");
    }

    @Test
    void idxFolderComesSplit() throws IOException {
        Path idx = Files.createDirectories(dir.resolve("idx"));
        Files.write(idx.resolve("train-images-idx3-ubyte"), idxImages(3));
        Files.write(idx.resolve("t10k-images-idx3-ubyte"), idxImages(2));
        LoadedData d = DataSources.open(idx, options());
        assertThat(d.train().size()).isEqualTo(3);
        assertThat(d.test().size()).isEqualTo(2);
        assertThat(d.all()).isNull();
        assertThat(d.split()).isNull();
    }

    private static byte[] idxImages(int n) {
        ByteBuffer b = ByteBuffer.allocate(16 + n * 4).order(ByteOrder.BIG_ENDIAN);
        b.putInt(0x00000803).putInt(n).putInt(2).putInt(2);
        return b.array();
    }

    @Test
    void anythingElseIsAClearError() throws IOException {
        Path txt = dir.resolve("data.txt");
        Files.writeString(txt, "hello");
        assertThatThrownBy(() -> DataSources.open(txt, options())).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("unsupported file type");
        Path one = dir.resolve("one.csv");
        Files.writeString(one, "a,b\n1,2\n");
        assertThatThrownBy(() -> DataSources.open(one, options())).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("only 1 example");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> DataSources.open(empty, options())).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("neither MNIST-named IDX files");
        assertThatThrownBy(() -> DataSources.open(dir.resolve("nope.csv"), options()))
                .isInstanceOf(DatasetUnavailableException.class).hasMessageContaining("no such file");
    }
}
