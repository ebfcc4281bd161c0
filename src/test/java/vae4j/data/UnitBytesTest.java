package vae4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every byte-backed source maps byte b to exactly the float32 quotient b / 255 (IEEE division, correctly rounded). */
class UnitBytesTest {
    private static byte[] allBytes() {
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    private static void assertQuotients(float[] got, int offset) {
        for (int b = 0; b < 256; b++) {
            float want = b / 255f; // Java's float division: the correctly rounded quotient
            assertThat(Float.floatToRawIntBits(got[offset + b])).as("byte %d", b)
                    .isEqualTo(Float.floatToRawIntBits(want));
        }
        assertThat(got[offset]).isZero();
        assertThat(got[offset + 255]).isEqualTo(1f);
        assertThat(got[offset + 51]).isEqualTo(0.2f); // 51/255 = 1/5
    }

    @Test
    void imageDatasetReadsEachByteAsItsQuotientBy255ByRowsAndByRange() {
        byte[] two = new byte[512];
        System.arraycopy(allBytes(), 0, two, 256, 256);
        ImageDataset d = new ImageDataset("bytes", 1, 16, 16, two, null, List.of());
        float[] byRows = new float[256];
        d.read(new int[] {1}, byRows);
        assertQuotients(byRows, 0);
        float[] byRange = new float[512];
        d.read(0, 2, byRange);
        assertQuotients(byRange, 256);
        assertThat(byRange[0]).isZero();
        assertThatThrownBy(() -> d.read(1, 2, new float[512])).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("examples 1..2 of 2 in bytes");
    }

    @Test
    void byteScaledRowsGiveTheSameFloatsAsAnImageDataset() {
        float[] raw = new float[256];
        for (int b = 0; b < 256; b++) {
            raw[b] = b;
        }
        float[] got = new float[300];
        new ByteScaledRows(new FloatRows(raw, 256)).read(0, got, 44);
        assertQuotients(got, 44);
    }
}
