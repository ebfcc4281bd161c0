package vae4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class TensorsTest {
    @Test
    void bytesBecomeUnitFloatsAcrossSeveralSlices() {
        int n = 3_000_000; // 12 MB: more than one 8 MB slice
        byte[] b = new byte[n * 4];
        new Random(5).nextBytes(b);
        Tensor t = Tensors.unitFloatsFromByteSlice(b, 0, n, 2, 2);
        assertThat(Tensors.shape(t)).containsExactly(n, 2, 2);
        float[] f = Tensors.toFloats(t);
        for (int i = 0; i < b.length; i += 997) {
            assertThat(f[i]).isEqualTo((b[i] & 0xff) / 255f);
        }
        assertThat(f[b.length - 1]).isEqualTo((b[b.length - 1] & 0xff) / 255f);
        t.close();
        assertThatThrownBy(() -> Tensors.unitFloatsFromByteSlice(new byte[3], 0, 2, 2)).hasMessageContaining("needs 4");
    }

    @Test
    void bytesFromAnOffsetBecomeTheirExactQuotientsBy255() {
        byte[] b = new byte[7 + 256 + 5];
        for (int i = 0; i < 256; i++) {
            b[7 + i] = (byte) i;
        }
        Tensor t = Tensors.unitFloatsFromByteSlice(b, 7, 4, 1, 8, 8);
        float[] f = Tensors.toFloats(t);
        for (int i = 0; i < 256; i++) {
            assertThat(Float.floatToRawIntBits(f[i])).as("byte %d", i).isEqualTo(Float.floatToRawIntBits(i / 255f));
        }
        t.close();
        assertThatThrownBy(() -> Tensors.unitFloatsFromByteSlice(b, 13, 4, 1, 8, 8))
                .hasMessageContaining("needs 269 bytes, got 268");
    }
}
