package vae4j.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import vae4j.data.Column;
import vae4j.data.ImageSpec;
import vae4j.data.TableSpec;

/** The complexity term: the counted PNG size is the size of a real PNG that ImageIO reads back as the example. */
class CompressedLengthTest {
    /** Writes the PNG the class counts (filter 0, zlib level 9), chunk by chunk, with CRCs. */
    static byte[] png(ImageSpec img, float[] v) throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(file);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeInt(img.width());
        h.writeInt(img.height());
        h.write(new byte[] {8, (byte) (img.channels() == 1 ? 0 : 2), 0, 0, 0});
        chunk(out, "IHDR", ihdr.toByteArray());
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (DeflaterOutputStream d = new DeflaterOutputStream(z, new Deflater(Deflater.BEST_COMPRESSION))) {
            d.write(CompressedLength.pngRows(img, v, 0));
        }
        chunk(out, "IDAT", z.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return file.toByteArray();
    }

    static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        out.writeInt(data.length);
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }

    @Test
    void theCountedSizeIsARealPngOfTheExample() throws IOException {
        Random r = new Random(3);
        for (ImageSpec img : List.of(new ImageSpec(1, 28, 28), new ImageSpec(3, 5, 7))) {
            float[] v = new float[img.features()];
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextFloat() < 0.6 ? 0 : r.nextFloat();
            }
            byte[] file = png(img, v);
            assertThat(CompressedLength.bytes(img, v, 0)).isEqualTo(file.length);
            BufferedImage back = ImageIO.read(new ByteArrayInputStream(file));
            assertThat(back.getWidth()).isEqualTo(img.width());
            assertThat(back.getHeight()).isEqualTo(img.height());
            int plane = img.height() * img.width();
            for (int y = 0; y < img.height(); y++) {
                for (int x = 0; x < img.width(); x++) {
                    for (int c = 0; c < img.channels(); c++) {
                        int expected = Math.round(v[c * plane + y * img.width() + x] * 255);
                        assertThat(back.getRaster().getSample(x, y, c)).isEqualTo(expected);
                    }
                }
            }
        }
    }

    @Test
    void simplerExamplesAreShorter() {
        ImageSpec img = new ImageSpec(1, 28, 28);
        float[] blank = new float[784];
        float[] noise = new float[784];
        Random r = new Random(1);
        for (int i = 0; i < 784; i++) {
            noise[i] = r.nextFloat();
        }
        assertThat(CompressedLength.nats(img, blank, 0)).isLessThan(CompressedLength.nats(img, noise, 0) / 5);
        TableSpec t = new TableSpec(List.of(Column.numeric("a", 0, 1), Column.numeric("b", 0, 1)));
        assertThat(CompressedLength.nats(t, new float[] {0, 0}, 0)).isLessThanOrEqualTo(
                CompressedLength.nats(t, new float[] {0.123f, -3.7f}, 0));
    }
}
