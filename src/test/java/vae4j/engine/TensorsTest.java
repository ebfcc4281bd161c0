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
        Tensor t = Tensors.unitFloatsFromBytes(b, n, 2, 2);
        assertThat(Tensors.shape(t)).containsExactly(n, 2, 2);
        float[] f = Tensors.toFloats(t);
        for (int i = 0; i < b.length; i += 997) {
            assertThat(f[i]).isEqualTo((b[i] & 0xff) / 255f);
        }
        assertThat(f[b.length - 1]).isEqualTo((b[b.length - 1] & 0xff) / 255f);
        t.close();
        assertThatThrownBy(() -> Tensors.unitFloatsFromBytes(new byte[5], 2, 2)).hasMessageContaining("holds 4");
    }
}
