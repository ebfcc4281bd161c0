package vae4j.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageBytesTest {
    @TempDir
    Path dir;

    private Path noisyPng(String name, int h, int w, long seed) throws IOException {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, r.nextInt());
            }
        }
        Path f = dir.resolve("imgs").resolve(name);
        Files.createDirectories(f.getParent());
        ImageIO.write(img, "png", f.toFile());
        return f;
    }

    @Test
    void sameValuesAsAnImageFolderForTheSameFile() throws IOException {
        Path a = noisyPng("a.png", 9, 13, 1);
        noisyPng("b.png", 20, 6, 2);
        for (ImageSpec spec : new ImageSpec[] {new ImageSpec(1, 8, 8), new ImageSpec(3, 12, 10)}) {
            Dataset folder = new ImageFolderSource(dir.resolve("cache"))
                    .read(dir.resolve("imgs"), new ImageFolderSource.Options(spec.height(), spec.width(),
                            spec.channels())).data();
            for (int i = 0; i < 2; i++) {
                Path f = dir.resolve("imgs").resolve(i == 0 ? "a.png" : "b.png");
                float[] want = new float[spec.features()];
                folder.read(new int[] {i}, want);
                assertThat(ImageBytes.modelSpace(Files.readAllBytes(f), f, spec)).containsExactly(want);
            }
        }
        assertThat(a).exists();
    }

    @Test
    void handCheckedGreyOfAUniformRedPicture() throws IOException {
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                img.setRGB(x, y, 0xff0000);
            }
        }
        Path f = dir.resolve("red.png");
        ImageIO.write(img, "png", f.toFile());
        float[] v = ImageBytes.modelSpace(Files.readAllBytes(f), f, new ImageSpec(1, 2, 2));
        // luminance 0.299 * 255 = 76.245 -> 76; area averages of a uniform picture stay uniform
        assertThat(v).containsExactly(76 / 255f, 76 / 255f, 76 / 255f, 76 / 255f);
    }

    @Test
    void aDecodedPictureGivesTheSameValuesAsItsFile() throws IOException {
        Path f = noisyPng("c.png", 7, 11, 3);
        ImageSpec spec = new ImageSpec(3, 5, 6);
        assertThat(ImageBytes.modelSpace(ImageIO.read(f.toFile()), spec))
                .containsExactly(ImageBytes.modelSpace(Files.readAllBytes(f), f, spec));
    }

    @Test
    void bytesThatAreNotAPictureNameTheFile() {
        Path name = Path.of("/lake/x.png");
        assertThatThrownBy(() -> ImageBytes.modelSpace("hello".getBytes(), name, new ImageSpec(1, 2, 2)))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("/lake/x.png: not a readable image (no decoder accepts it)");
    }
}
