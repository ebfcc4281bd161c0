package vae4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vae4j.testing.TestData;

class IdxFileTest {
    @TempDir
    Path dir;

    private static byte[] images(int n, int h, int w) {
        byte[] v = new byte[n * h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) (i * 7);
        }
        return IdxFile.encode(new int[] {n, h, w}, v);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void rawAndGzipFilesRoundTrip() throws IOException {
        byte[] file = images(3, 4, 5);
        Path raw = write("raw-idx3-ubyte", file);
        Path gz = dir.resolve("gz-idx3-ubyte.gz");
        TestData.gzip(gz, file);
        for (Path p : new Path[] {raw, gz}) {
            IdxFile f = IdxFile.read(p);
            assertThat(f.dims()).containsExactly(3, 4, 5);
            assertThat(f.data()).hasSize(60);
            assertThat(f.data()[59]).isEqualTo((byte) (59 * 7));
            assertThat(Arrays.copyOfRange(file, 16, 76)).isEqualTo(f.data());
        }
    }

    @Test
    void rejectsWrongMagic() throws IOException {
        byte[] f = images(1, 2, 2);
        f[0] = 1;
        assertThatThrownBy(() -> IdxFile.read(write("m", f))).isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(dir.resolve("m").toString()).hasMessageContaining("bad magic number 0x01000803");
    }

    @Test
    void rejectsOtherTypeBytes() throws IOException {
        byte[] f = images(1, 2, 2);
        f[2] = 0x0D;
        assertThatThrownBy(() -> IdxFile.read(write("t", f))).isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("unsupported type byte 0x0d");
    }

    @Test
    void rejectsBadDimensionCounts() throws IOException {
        byte[] f = images(1, 2, 2);
        f[3] = 0;
        assertThatThrownBy(() -> IdxFile.read(write("r0", f))).hasMessageContaining("number of dimensions 0");
        f[3] = 9;
        assertThatThrownBy(() -> IdxFile.read(write("r9", f))).hasMessageContaining("number of dimensions 9");
    }

    @Test
    void rejectsZeroAndNegativeSizes() throws IOException {
        byte[] zero = IdxFile.encode(new int[] {0, 28, 28}, new byte[0]);
        assertThatThrownBy(() -> IdxFile.read(write("z", zero))).isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("dimension 0 is 0");
        byte[] neg = IdxFile.encode(new int[] {5, -3, 28}, new byte[0]);
        assertThatThrownBy(() -> IdxFile.read(write("n", neg))).hasMessageContaining("dimension 1 is -3");
    }

    @Test
    void hugeHeaderIsRejectedWithoutAllocating() throws IOException {
        // claims 2^31 - 1 images of 28x28: must fail on the header, not try to allocate 1.7 TB
        byte[] f = IdxFile.encode(new int[] {Integer.MAX_VALUE, 28, 28}, new byte[10]);
        assertThatThrownBy(() -> IdxFile.read(write("huge", f))).isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("claim more than " + IdxFile.MAX_BYTES + " bytes");
        // a plausible header over a tiny file: fails as truncated after reading what is there
        byte[] g = IdxFile.encode(new int[] {1_000_000, 28, 28}, new byte[100]);
        assertThatThrownBy(() -> IdxFile.read(write("claim", g)))
                .hasMessageContaining("need 784000000 bytes of data, found 100");
    }

    @Test
    void rejectsTruncatedHeaderAndData() throws IOException {
        byte[] f = images(2, 3, 3);
        assertThatThrownBy(() -> IdxFile.read(write("h", Arrays.copyOf(f, 3)))).hasMessageContaining("too short");
        assertThatThrownBy(() -> IdxFile.read(write("d", Arrays.copyOf(f, 9))))
                .hasMessageContaining("header truncated");
        assertThatThrownBy(() -> IdxFile.read(write("t", Arrays.copyOf(f, f.length - 1))))
                .hasMessageContaining("truncated: sizes [2, 3, 3] need 18 bytes of data, found 17");
    }

    @Test
    void rejectsTrailingBytes() throws IOException {
        byte[] f = images(2, 3, 3);
        assertThatThrownBy(() -> IdxFile.read(write("x", Arrays.copyOf(f, f.length + 1))))
                .hasMessageContaining("trailing bytes");
    }

    @Test
    void rejectsCorruptGzip() throws IOException {
        Path gz = dir.resolve("c.gz");
        TestData.gzip(gz, images(20, 28, 28));
        byte[] bytes = Files.readAllBytes(gz);
        for (int i = 20; i < bytes.length - 10; i += 7) {
            bytes[i] ^= 0x5a;
        }
        Files.write(gz, bytes);
        assertThatThrownBy(() -> IdxFile.read(gz)).isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("corrupt gzip stream");
        Files.write(gz, Arrays.copyOf(Files.readAllBytes(gz), 30));
        assertThatThrownBy(() -> IdxFile.read(gz)).isInstanceOf(IdxFormatException.class);
    }

    @Test
    void missingFileIsNamed() {
        assertThatThrownBy(() -> IdxFile.read(dir.resolve("absent"))).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("absent");
    }

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        Path img = write("i", images(3, 2, 2));
        Path lab = write("l", IdxFile.encode(new int[] {4}, new byte[4]));
        assertThatThrownBy(() -> ImageDataset.fromIdx("x", IdxFile.read(img), img, IdxFile.read(lab), lab,
                java.util.List.of())).isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("4 labels but i holds 3 images");
        assertThatThrownBy(() -> ImageDataset.fromIdx("x", IdxFile.read(lab), lab, null, null, java.util.List.of()))
                .hasMessageContaining("expected images [count, rows, columns]");
    }
}
