package vae4j.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vae4j.store.StoreFixtures.model;
import static vae4j.store.StoreFixtures.names;
import static vae4j.store.StoreFixtures.versions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed save (disk full) keeps the previous model; what a kill during a save leaves (an incomplete version folder,
 * a temporary link, a version written but never made current) is removed by recover while the previous version
 * keeps loading; a second trainer is locked out.
 */
class CrashSafetyTest {
    @TempDir
    Path dir;

    @Test
    void diskFullDuringSaveLeavesThePreviousModel() throws IOException {
        Path m = dir.resolve("m");
        ModelDirectory.save(m, model(1, 0), null);
        byte[] before = Files.readAllBytes(m.resolve("weights.safetensors"));
        assertThatThrownBy(() -> ModelDirectory.save(m, model(2, 1), folder -> {
            throw new IOException("No space left on device");
        })).hasMessageContaining("cannot save the model to " + m.toAbsolutePath())
                .hasMessageContaining("no space left on the device; the previous version is unchanged");
        assertThat(Files.readAllBytes(m.resolve("weights.safetensors"))).isEqualTo(before);
        assertThat(ModelDirectory.load(m).history()).isEmpty();
        assertThat(names(dir)).containsExactly("m");
        assertThat(versions(m)).containsExactly("000001"); // the failed version was removed
        assertThat(names(m)).noneMatch(n -> n.contains(".tmp"));
    }

    @Test
    void anIncompleteVersionAndADanglingTemporaryLinkAreRemovedByRecover() throws IOException {
        Path m = dir.resolve("m");
        ModelDirectory.save(m, model(1, 1), null);
        ModelDirectory.save(m, model(2, 2), null);
        byte[] before = Files.readAllBytes(m.resolve("weights.safetensors"));
        // what kill -9 in the middle of writing version 3 leaves: a config half written, a temporary file
        Path v3 = Files.createDirectories(m.resolve(".versions/000003"));
        Files.writeString(v3.resolve("config.json"), "{\"half");
        Files.writeString(v3.resolve(".weights.safetensors.123.tmp"), "partial");
        // ... and a kill between creating the new link and renaming it over current
        Files.createSymbolicLink(m.resolve(".current.tmp-1234"), Path.of(".versions/000099"));

        assertThat(ModelDirectory.load(m).history()).hasSize(2); // readers never see version 3
        assertThat(ModelDirectory.recover(m)).isTrue();
        assertThat(versions(m)).containsExactly("000001", "000002");
        assertThat(names(m)).noneMatch(n -> n.contains(".tmp"));
        assertThat(Files.readAllBytes(m.resolve("weights.safetensors"))).isEqualTo(before);
        assertThat(ModelDirectory.load(m).history()).hasSize(2);
        assertThat(ModelDirectory.recover(m)).isFalse();

        // the next save keeps only current and previous (and best, if any)
        ModelDirectory.save(m, model(3, 3), null);
        assertThat(versions(m)).containsExactly("000002", "000003");
        assertThat(ModelDirectory.load(m).history()).hasSize(3);
    }

    @Test
    void aKillAfterTheSwitchBeforeCleaningUpIsTidiedByRecover() throws IOException {
        Path m = dir.resolve("m");
        ModelDirectory.save(m, model(1, 1), null);
        ModelDirectory.save(m, model(2, 2), null);
        ModelDirectory.save(m, model(3, 3), null);
        // version 1 as if the kill came after current moved to 3 but before version 1 was deleted
        Path v1 = Files.createDirectories(m.resolve(".versions/000001"));
        Files.copy(m.resolve(".versions/000002/config.json"), v1.resolve("config.json"));
        assertThat(ModelDirectory.recover(m)).isTrue();
        assertThat(versions(m)).containsExactly("000002", "000003");
        assertThat(ModelDirectory.load(m).history()).hasSize(3);
    }

    @Test
    void aSaveThatFailsWithARuntimeExceptionLeavesNoVersionBehind() throws IOException {
        Path m = dir.resolve("m");
        ModelDirectory.save(m, model(1, 1), null);
        assertThatThrownBy(() -> ModelDirectory.save(m, model(2, 2), folder -> {
            throw new IllegalStateException("chart library failed");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(versions(m)).containsExactly("000001");
        assertThat(ModelDirectory.load(m).history()).hasSize(1);
    }

    @Test
    void aFailedSaveIntoANewFolderSaysNothingAboutAPreviousVersion() {
        Path m = dir.resolve("fresh");
        assertThatThrownBy(() -> ModelDirectory.save(m, model(1, 0), folder -> {
            throw new IOException("No space left on device");
        })).hasMessage("cannot save the model to " + m.toAbsolutePath() + ": no space left on the device");
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
        assertThat(names(dir)).containsExactly("m"); // the lock file is inside the folder
        assertThat(names(m)).containsExactly(".lock");
    }
}
