package vae4j.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ImageFolderSourceTest {
    @TempDir
    Path dir;

    private static Path png(Path file, int h, int w, int rgb) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, file.toString().toLowerCase().endsWith(".png") ? "png" : "jpg", file.toFile());
        return file;
    }

    private static Path greyPng(Path file, int h, int w, int level) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, level);
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    private Path mixedFolder() throws IOException {
        Path root = dir.resolve("imgs");
        png(root.resolve("red/r1.png"), 5, 7, 0xff0000);
        png(root.resolve("red/r2.PNG"), 20, 30, 0xff0000);
        png(root.resolve("blue/b1.png"), 12, 10, 0x0000ff);
        Files.writeString(root.resolve("blue/notes.txt"), "not an image");
        return root;
    }

    private static float[] row(Dataset d, int i) {
        float[] out = new float[d.spec().features()];
        d.read(new int[] {i}, out);
        return out;
    }

    @Test
    void mixedSizesAreResizedAndClassesComeFromFolderNames() throws IOException {
        ImageFolderSource.Result r = new ImageFolderSource(dir.resolve("cache"))
                .read(mixedFolder(), new ImageFolderSource.Options(8, 8, 3));
        Dataset d = r.data();
        assertThat(d.spec()).isEqualTo(new ImageSpec(3, 8, 8));
        assertThat(r.classes()).containsExactly("blue", "red");
        assertThat(d.classNames()).containsExactly("blue", "red");
        assertThat(d.labels()).containsExactly(0, 1, 1);
        assertThat(r.skipped()).isEqualTo(1);
        assertThat(r.source()).contains("3 images (3x8x8) in 2 classes").contains("1 file that is not a picture skipped");
        for (int i = 1; i <= 2; i++) { // both red images, every pixel: R = 1, G = 0, B = 0
            float[] px = row(d, i);
            for (int p = 0; p < 64; p++) {
                assertThat(px[p]).isEqualTo(1f);
                assertThat(px[64 + p]).isEqualTo(0f);
                assertThat(px[128 + p]).isEqualTo(0f);
            }
        }
        float[] blue = row(d, 0);
        assertThat(blue[0]).isEqualTo(0f);
        assertThat(blue[128 + 63]).isEqualTo(1f);
    }

    @Test
    void greyIsLuminance() throws IOException {
        Dataset d = new ImageFolderSource(dir.resolve("cache"))
                .read(mixedFolder(), new ImageFolderSource.Options(8, 8, 1)).data();
        assertThat(d.spec()).isEqualTo(new ImageSpec(1, 8, 8));
        float[] red = row(d, 1);
        assertThat(red[0]).isCloseTo(0.299f, within(0.5f / 255));
        assertThat(red[63]).isCloseTo(0.299f, within(0.5f / 255));
        assertThat(row(d, 0)[10]).isCloseTo(0.114f, within(0.5f / 255));
    }

    @Test
    void greyFilesKeepTheirLevelsAndChooseOneChannel() throws IOException {
        Path root = dir.resolve("g");
        greyPng(root.resolve("a.png"), 4, 6, 128);
        greyPng(root.resolve("b.png"), 4, 6, 3);
        ImageFolderSource.Result r = new ImageFolderSource(dir.resolve("cache")).read(root,
                ImageFolderSource.Options.AUTO);
        assertThat(r.data().spec()).isEqualTo(new ImageSpec(1, 4, 6));
        assertThat(r.data().labels()).isNull();
        assertThat(r.source()).contains("without labels");
        assertThat(row(r.data(), 0)[5]).isEqualTo(128 / 255f);
        assertThat(row(r.data(), 1)[23]).isEqualTo(3 / 255f);
    }

    @Test
    void differentSizesWithoutATargetAskForImageSize() throws IOException {
        Path root = mixedFolder();
        assertThatThrownBy(() -> new ImageFolderSource(dir.resolve("cache")).read(root,
                ImageFolderSource.Options.AUTO)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("images have different sizes").hasMessageContaining("--image-size");
    }

    @Test
    void corruptImageIsNamed() throws IOException {
        Path root = mixedFolder();
        Path bad = root.resolve("red/broken.png");
        Files.write(bad, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H'});
        assertThatThrownBy(() -> new ImageFolderSource(dir.resolve("cache")).read(root,
                new ImageFolderSource.Options(8, 8, 3))).isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(bad.toString());
        Files.writeString(bad, "this is text");
        assertThatThrownBy(() -> new ImageFolderSource(dir.resolve("cache")).read(root,
                new ImageFolderSource.Options(8, 8, 3))).isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(bad + ": not a readable image");
    }

    @Test
    void emptyFolderAndEmptyClassAreErrors() throws IOException {
        Path root = dir.resolve("e");
        Files.createDirectories(root.resolve("a"));
        png(root.resolve("b/x.png"), 2, 2, 0);
        assertThatThrownBy(() -> new ImageFolderSource(dir.resolve("cache")).read(root,
                ImageFolderSource.Options.AUTO)).hasMessageContaining("class folder holds no");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThatThrownBy(() -> new ImageFolderSource(dir.resolve("cache")).read(empty,
                ImageFolderSource.Options.AUTO)).hasMessageContaining("no .png, .jpg or .jpeg images");
    }

    @Test
    void largeFoldersGoThroughAUint8CacheFile() throws IOException {
        Path root = mixedFolder();
        ImageFolderSource.Options o = new ImageFolderSource.Options(8, 8, 3);
        Dataset inMemory = new ImageFolderSource(dir.resolve("cache")).read(root, o).data();
        ImageFolderSource onDisk = new ImageFolderSource(dir.resolve("cache"), 0);
        ImageFolderSource.Result first = onDisk.read(root, o);
        assertThat(first.data()).isInstanceOf(RowDataset.class);
        assertThat(first.source()).contains("pixels cached in");
        for (int i = 0; i < 3; i++) {
            assertThat(row(first.data(), i)).containsExactly(row(inMemory, i));
        }
        assertThat(first.data().labels()).containsExactly(inMemory.labels());
        ImageFolderSource.Result second = onDisk.read(root, o);
        assertThat(second.source()).contains("pixels from the cache");
        assertThat(row(second.data(), 2)).containsExactly(row(inMemory, 2));
        ((RowDataset) first.data()).store().close();
        ((RowDataset) second.data()).store().close();
    }

    @Test
    void jpegIsDecoded() throws IOException {
        Path root = dir.resolve("j");
        png(root.resolve("c/a.jpg"), 8, 8, 0x0000ff);
        png(root.resolve("c/b.JPEG"), 8, 8, 0xffffff);
        Dataset d = new ImageFolderSource(dir.resolve("cache")).read(root, ImageFolderSource.Options.AUTO).data();
        assertThat(d.spec()).isEqualTo(new ImageSpec(3, 8, 8));
        float[] blue = row(d, 0);
        assertThat(blue[0]).isCloseTo(0f, within(0.02f));
        assertThat(blue[128]).isCloseTo(1f, within(0.02f));
        assertThat(row(d, 1)[70]).isCloseTo(1f, within(0.02f));
    }

    @Test
    void shrinkingAveragesAreasAndGrowingInterpolates() {
        BufferedImage img = new BufferedImage(4, 1, BufferedImage.TYPE_INT_RGB);
        int[] v = {0, 100, 200, 250};
        for (int x = 0; x < 4; x++) {
            img.setRGB(x, 0, v[x] << 16);
        }
        BufferedImage half = ImagePixels.resize(img, 1, 2);
        assertThat((half.getRGB(0, 0) >> 16) & 0xff).isEqualTo(50);
        assertThat((half.getRGB(1, 0) >> 16) & 0xff).isEqualTo(225);
        BufferedImage third = ImagePixels.resize(img, 1, 3); // covers 4/3 pixels each
        assertThat((third.getRGB(0, 0) >> 16) & 0xff).isEqualTo(25);   // (0 + 100/3) * 3/4
        BufferedImage twice = ImagePixels.resize(img, 2, 8);
        assertThat((twice.getRGB(0, 1) >> 16) & 0xff).isEqualTo(0);    // clamped at the edge
        assertThat((twice.getRGB(1, 0) >> 16) & 0xff).isEqualTo(25);   // a quarter of the way from 0 to 100
        assertThat((twice.getRGB(7, 1) >> 16) & 0xff).isEqualTo(250);
    }

    @Test
    void sixteenBitGreyAndTransparency() throws IOException {
        BufferedImage g16 = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        g16.getRaster().setSample(0, 0, 0, 65535);
        g16.getRaster().setSample(1, 0, 0, 32896); // 128.5 / 255 of full scale -> 128
        Path a = dir.resolve("a.png");
        ImageIO.write(g16, "png", a.toFile());
        byte[] grey = ImagePixels.pixels(a, new ImageSpec(1, 1, 2));
        assertThat(grey[0] & 0xff).isEqualTo(255);
        assertThat(grey[1] & 0xff).isEqualTo(128);

        BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0xffff0000);
        argb.setRGB(1, 0, 0x00ff0000); // fully transparent red: composited onto black
        Path b = dir.resolve("b.png");
        ImageIO.write(argb, "png", b.toFile());
        byte[] rgb = ImagePixels.pixels(b, new ImageSpec(3, 1, 2));
        assertThat(rgb).containsExactly((byte) 255, (byte) 0, (byte) 0, (byte) 0, (byte) 0, (byte) 0);
    }

    @Test
    void parsesImageSize() {
        assertThat(ImageFolderSource.Options.parse("64x32", 3)).isEqualTo(new ImageFolderSource.Options(64, 32, 3));
        assertThat(ImageFolderSource.Options.parse(null, 0)).isEqualTo(ImageFolderSource.Options.AUTO);
        assertThatThrownBy(() -> ImageFolderSource.Options.parse("64", 3)).hasMessageContaining("HxW");
    }
}
