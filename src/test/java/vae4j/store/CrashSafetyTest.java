package vae4j.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vae4j.model.Vae;
import vae4j.train.Preset;

/** A failed save (disk full) keeps the previous model; a crash in the middle of the swap is repaired. */
class CrashSafetyTest {
    @TempDir
    Path dir;

    private static SavedModel model(long seed) {
        return new SavedModel(Vae.create(Preset.PYTORCH_MLP.model(1, 28, 28), seed), Preset.PYTORCH_MLP.training(),
                new DatasetInfo("d", "s", 1, 1, "t"), List.of());
    }

    private List<String> entries() throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void diskFullDuringSaveLeavesThePreviousModel() throws IOException {
        Path m = dir.resolve("m");
        ModelDirectory.save(m, model(1), null);
        byte[] before = Files.readAllBytes(m.resolve("weights.safetensors"));
        assertThatThrownBy(() -> ModelDirectory.save(m, model(2), folder -> {
            throw new IOException("No space left on device");
        })).hasMessageContaining("cannot save the model to " + m.toAbsolutePath()).hasMessageContaining("no space left on the device; the previous version is unchanged");
        assertThat(Files.readAllBytes(m.resolve("weights.safetensors"))).isEqualTo(before);
        assertThat(ModelDirectory.load(m).history()).isEmpty();
        assertThat(entries()).containsExactly("m");
    }

    @Test
    void crashBetweenTheTwoRenamesIsRepaired() throws IOException {
        Path m = dir.resolve("m");
        ModelDirectory.save(m, model(1), null);
        byte[] before = Files.readAllBytes(m.resolve("weights.safetensors"));
        // what kill -9 between "move m to .m.old-X" and "move .m.tmp-Y to m" leaves behind
        Files.move(m, dir.resolve(".m.old-123"));
        Files.createDirectories(dir.resolve(".m.tmp-456"));
        Files.writeString(dir.resolve(".m.tmp-456/config.json"), "{\"half");
        assertThat(ModelDirectory.recover(m)).isTrue();
        assertThat(Files.readAllBytes(m.resolve("weights.safetensors"))).isEqualTo(before);
        assertThat(entries()).containsExactly("m");
        assertThat(ModelDirectory.recover(m)).isFalse();
    }

    @Test
    void aSecondTrainerIsLockedOut() throws IOException {
        Path m = dir.resolve("m");
        try (TrainingLock lock = TrainingLock.acquire(m)) {
            assertThatThrownBy(() -> TrainingLock.acquire(m)).hasMessageContaining("is being trained by another"
                    + " vae4j process (pid " + ProcessHandle.current().pid() + ")");
        }
        try (TrainingLock again = TrainingLock.acquire(m)) {
            assertThat(again).isNotNull();
        }
    }
}
