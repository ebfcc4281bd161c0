package vae4j.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class NpySourceTest {
    @TempDir
    Path dir;

    /** An .npy file written by hand: magic, version, header length, the dict padded to 64 bytes, then data. */
    static byte[] npy(int major, String descr, boolean fortran, String shape, byte[] data) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': "
                + shape + ", }";
        int pre = major == 1 ? 10 : 12;
        int len = dict.length() + 1;
        int pad = (64 - (pre + len) % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        ByteBuffer l = ByteBuffer.allocate(major == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            l.putShort((short) header.length());
        } else {
            l.putInt(header.length());
        }
        out.writeBytes(l.array());
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(data);
        return out.toByteArray();
    }

    static byte[] floats(ByteOrder order, float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(order);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    private Path file(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void float32TableIsReadInPlace() throws IOException {
        Path p = file("t.npy", npy(1, "<f4", false, "(3, 2)", floats(ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4, 5, 9)));
        NpySource.Loaded l = NpySource.open(p, null);
        assertThat(l.images()).isNull();
        RawTable t = l.table();
        assertThat(t.rows()).isInstanceOf(FileRows.class);
        assertThat(t.schema()).extracting(Column::name).containsExactly("x0", "x1");
        assertThat(t.size()).isEqualTo(3);
        float[] r = new float[2];
        t.rows().read(2, r, 0);
        assertThat(r).containsExactly(5f, 9f);
        TableFit fit = t.fit(new int[] {0, 1, 2});
        assertThat(fit.spec().columns().get(1).mean()).isCloseTo(5.0, within(1e-9));
        assertThat(t.labels()).isNull();
        t.close();
    }

    @Test
    void bigEndianFloat64AndVersion2Headers() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN).putDouble(0.25).putDouble(-3.5);
        Path p = file("t.npy", npy(2, ">f8", false, "(2, 1)", b.array()));
        RawTable t = NpySource.open(p, null).table();
        float[] r = new float[1];
        t.rows().read(1, r, 0);
        assertThat(r[0]).isEqualTo(-3.5f);
        t.close();
    }

    @Test
    void uint8ImagesWithLabels() throws IOException {
        byte[] px = new byte[2 * 2 * 3];
        px[0] = (byte) 255;
        px[7] = (byte) 51;
        Path p = file("img.npy", npy(1, "|u1", false, "(2, 2, 3)", px));
        ByteBuffer lb = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(3).putLong(1);
        Path labels = file("lab.npy", npy(1, "<i8", false, "(2,)", lb.array()));
        RowDataset d = NpySource.open(p, labels).images();
        assertThat(d.spec()).isEqualTo(new ImageSpec(1, 2, 3));
        float[] out = new float[12];
        d.read(new int[] {0, 1}, out);
        assertThat(out[0]).isEqualTo(1f);
        assertThat(out[7]).isCloseTo(0.2f, within(1e-6f));
        assertThat(d.labels()).containsExactly(3, 1);
        assertThat(d.classNames()).containsExactly("0", "1", "2", "3");
    }

    @Test
    void float4dImagesMustLieInTheUnitInterval() throws IOException {
        float[] v = new float[2 * 3 * 1 * 2];
        v[3] = 0.5f;
        Path ok = file("ok.npy", npy(1, "<f4", false, "(2, 3, 1, 2)", floats(ByteOrder.LITTLE_ENDIAN, v)));
        RowDataset d = NpySource.open(ok, null).images();
        assertThat(d.spec()).isEqualTo(new ImageSpec(3, 1, 2));
        v[8] = 1.5f;
        Path bad = file("bad.npy", npy(1, "<f4", false, "(2, 3, 1, 2)", floats(ByteOrder.LITTLE_ENDIAN, v)));
        assertThatThrownBy(() -> NpySource.open(bad, null)).isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(bad + ": row 1: image value 1.5 at position 2 is outside [0, 1]");
    }

    @Test
    void channelsLastIsRejectedWithAHint() throws IOException {
        Path p = file("hwc.npy", npy(1, "|u1", false, "(1, 2, 2, 3)", new byte[12]));
        assertThatThrownBy(() -> NpySource.open(p, null)).hasMessageContaining("channels-last");
    }

    @Test
    void unsupportedDtypeIsNamed() throws IOException {
        Path p = file("i2.npy", npy(1, "<i2", false, "(2, 2)", new byte[8]));
        assertThatThrownBy(() -> NpySource.open(p, null)).isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(p + ": dtype '<i2' is not supported");
    }

    @Test
    void fortranOrderIsRejected() throws IOException {
        Path p = file("f.npy", npy(1, "<f4", true, "(2, 2)", new byte[16]));
        assertThatThrownBy(() -> NpySource.open(p, null)).isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(p + ": Fortran (column-major) order is not supported");
    }

    @Test
    void truncatedAndTrailingBytesAreErrors() throws IOException {
        Path shortFile = file("s.npy", npy(1, "<f4", false, "(2, 2)", new byte[12]));
        assertThatThrownBy(() -> NpySource.open(shortFile, null)).isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(shortFile + ": truncated: shape (2, 2) of <f4 needs 16 bytes")
                .hasMessageContaining("the file has 12");
        Path longFile = file("l.npy", npy(1, "<f4", false, "(2, 2)", new byte[20]));
        assertThatThrownBy(() -> NpySource.open(longFile, null)).isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(longFile + ": 4 trailing bytes after the 16 bytes of data");
    }

    @Test
    void notNpyAndWrongShapes() throws IOException {
        Path p = file("x.npy", "hello world, not numpy".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> NpySource.open(p, null)).hasMessageContaining("not a NumPy .npy file");
        Path oneD = file("v.npy", npy(1, "<f4", false, "(4,)", new byte[16]));
        assertThatThrownBy(() -> NpySource.open(oneD, null)).hasMessageContaining("shape (4,): expected [n, d]");
        Path t = file("t.npy", npy(1, "<f4", false, "(2, 2)", new byte[16]));
        Path labels = file("lab.npy", npy(1, "<i4", false, "(3,)", new byte[12]));
        assertThatThrownBy(() -> NpySource.open(t, labels)).hasMessageContaining("3 labels for 2 examples");
        Path nan = file("nan.npy", npy(1, "<f4", false, "(1, 2)", floats(ByteOrder.LITTLE_ENDIAN, 1, Float.NaN)));
        assertThatThrownBy(() -> NpySource.open(nan, null)).hasMessageContaining("row 0: value NaN at position 1");
    }

    @Test
    void headerIsParsed() throws IOException {
        Path p = file("h.npy", npy(3, "<f8", false, "(7, 5, 4)", new byte[7 * 5 * 4 * 8]));
        NpySource.Header h = NpySource.readHeader(p);
        assertThat(h.descr()).isEqualTo("<f8");
        assertThat(h.shape()).containsExactly(7, 5, 4);
        assertThat(h.dataOffset() % 64).isZero();
        assertThat(Files.size(p) - h.dataOffset()).isEqualTo(7 * 5 * 4 * 8);
    }
}
