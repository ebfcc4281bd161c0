package vae4j.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import vae4j.data.ImageDataset;
import vae4j.engine.Tensors;

class BatchesTest {
    @Test
    void aRangeOfInMemoryImagesIsBitForBitWhatTheDatasetReads() {
        int n = 37;
        int per = 3 * 5 * 4;
        byte[] pixels = new byte[n * per];
        new Random(3).nextBytes(pixels);
        for (int b = 0; b < 256; b++) {
            pixels[per * 5 + b % (per * 20)] = (byte) b; // every byte value inside the range read below
        }
        ImageDataset data = new ImageDataset("rgb", 3, 5, 4, pixels, null, List.of());
        float[] want = new float[20 * per];
        data.read(5, 20, want);
        Tensor t = Batches.range(data, 5, 20, null);
        assertThat(Tensors.shape(t)).containsExactly(20, 3, 5, 4);
        float[] got = Tensors.toFloats(t);
        for (int i = 0; i < want.length; i++) {
            assertThat(Float.floatToRawIntBits(got[i])).as("value %d", i)
                    .isEqualTo(Float.floatToRawIntBits(want[i]));
        }
        assertThat(want[0]).isEqualTo((pixels[5 * per] & 0xff) / 255f);
        t.close();
        Tensor none = Batches.range(data, 37, 0, null); // an empty range is an empty batch, as for any data set
        assertThat(Tensors.shape(none)).containsExactly(0, 3, 5, 4);
        none.close();
        assertThatThrownBy(() -> Batches.range(data, 30, 8, null)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("examples 30..37 of 37 in rgb");
    }
}
