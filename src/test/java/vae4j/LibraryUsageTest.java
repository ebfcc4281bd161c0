package vae4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vae4j.data.DataSplits;
import vae4j.eval.LatentCodes;
import vae4j.store.SavedModel;
import vae4j.testing.TestData;
import vae4j.train.Preset;

/** The README's library example, line for line (on a subset, so that it runs in seconds). */
@Tag("real-data")
class LibraryUsageTest {
    @TempDir
    Path tmp;

    @Test
    void readmeExampleRuns() throws IOException {
        TestData.fashionMnist();
        Path dir = Files.createDirectories(tmp.resolve("fashion"));
        TestData.writeIdx(TestData.fashionMnist().train(), 1000, dir, "train");
        TestData.writeIdx(TestData.fashionMnist().test(), 300, dir, "t10k");

        // --- README ---
        DataSplits data = Vae4j.dataset(dir);                  // README: Vae4j.dataset("fashion-mnist")
        SavedModel model = Vae4j.train(Preset.PYTORCH_MLP, data, t -> t.withEpochs(2));
        Vae4j.save(model, tmp.resolve("fashion-vae"));
        SavedModel loaded = Vae4j.load(tmp.resolve("fashion-vae"));
        LatentCodes z = LatentCodes.encode(loaded.model(), data.test());          // z.mean(): [n, 20]
        float[] images = LatentCodes.decode(loaded.model(), z.mean(), z.size());  // [n, 1, 28, 28] in [0, 1]
        // --- end ---

        assertThat(z.size()).isEqualTo(300);
        assertThat(z.latentDim()).isEqualTo(20);
        assertThat(images).hasSize(300 * 784);
        for (float v : images) {
            assertThat(v).isBetween(0f, 1f);
        }
        assertThat(loaded.history()).hasSize(2);
        LatentCodes again = LatentCodes.encode(model.model(), data.test());
        assertThat(again.mean()).containsExactly(z.mean());
    }
}
