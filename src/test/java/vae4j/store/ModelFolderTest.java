package vae4j.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vae4j.store.StoreFixtures.model;
import static vae4j.store.StoreFixtures.names;
import static vae4j.store.StoreFixtures.versions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The versioned layout: user files kept, links followed, old-format folders read and converted. */
class ModelFolderTest {
    @TempDir
    Path dir;

    @Test
    void userFilesSurviveCheckpointsAndTopLevelNamesGiveTheCurrentVersion() throws IOException {
        Path m = dir.resolve("m");
        ModelDirectory.save(m, model(1, 1), null);
        Files.writeString(m.resolve("notes.txt"), "lr 1e-3 looked best");
        Files.writeString(m.resolve("evaluation.json"), "{\"iw_elbo\": 101.5}");
        ModelDirectory.save(m, model(2, 2), null, true);
        ModelDirectory.save(m, model(3, 3), null);

        assertThat(m.resolve("notes.txt")).hasContent("lr 1e-3 looked best");
        assertThat(m.resolve("evaluation.json")).hasContent("{\"iw_elbo\": 101.5}");
        assertThat(Files.isSymbolicLink(m.resolve("notes.txt"))).isFalse();
        Path current = m.resolve("current").toRealPath();
        assertThat(current.getFileName().toString()).isEqualTo("000003");
        for (String f : List.of("config.json", "weights.safetensors", "history.jsonl")) {
            assertThat(Files.isSymbolicLink(m.resolve(f))).as(f).isTrue();
            assertThat(Files.readAllBytes(m.resolve(f))).as(f).isEqualTo(Files.readAllBytes(current.resolve(f)));
        }
        assertThat(Files.readAllLines(m.resolve("history.jsonl"))).hasSize(3);
        assertThat(ModelDirectory.load(m).history()).hasSize(3);
        // best (version 2) is kept beside current (3); version 1 was neither, nor the one before current
        assertThat(versions(m)).containsExactly("000002", "000003");
        assertThat(Files.readSymbolicLink(m.resolve("best"))).isEqualTo(Path.of(".versions/000002"));
        assertThat(ModelDirectory.load(m.resolve("best")).history()).hasSize(2);
        ModelDirectory.save(m, model(4, 4), null);
        assertThat(versions(m)).containsExactly("000002", "000003", "000004");
        ModelDirectory.save(m, model(5, 5), null);
        assertThat(versions(m)).containsExactly("000002", "000004", "000005");
        assertThat(m.resolve("notes.txt")).hasContent("lr 1e-3 looked best");
    }

    @Test
    void aLinkToAModelFolderIsFollowedAndBothNamesShareOneLock() throws IOException {
        Path real = dir.resolve("real");
        Path link = Files.createSymbolicLink(dir.resolve("link"), real.getFileName());
        ModelDirectory.save(real, model(1, 1), null);
        ModelDirectory.save(link, model(2, 2), null);
        ModelDirectory.save(link, model(3, 3), null);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("real"));
        assertThat(ModelDirectory.load(real).history()).hasSize(3);
        assertThat(ModelDirectory.load(link).history()).hasSize(3);
        try (TrainingLock lock = TrainingLock.acquire(real)) {
            assertThatThrownBy(() -> TrainingLock.acquire(link)).hasMessageContaining("is being trained by another"
                    + " vae4j process (pid " + ProcessHandle.current().pid() + ")");
        }
        try (TrainingLock lock = TrainingLock.acquire(link)) {
            assertThatThrownBy(() -> TrainingLock.acquire(real)).hasMessageContaining("is being trained by another");
        }
        assertThat(names(dir)).containsExactly("link", "real");
        assertThat(names(real)).contains(".lock");
    }

    @Test
    void anOldFormatFolderLoadsAndIsConvertedByTheNextSaveKeepingEverything() throws IOException {
        // the layout vae4j wrote before versions: plain files in the folder, best/ a plain folder
        Path source = dir.resolve("source");
        ModelDirectory.save(source, model(1, 2), f -> Files.writeString(f.resolve("optimizer.pt"), "adam state"));
        ModelDirectory.save(dir.resolve("best-source"), model(1, 1), null);
        Path old = Files.createDirectories(dir.resolve("old"));
        for (String f : List.of("config.json", "weights.safetensors", "history.jsonl", "optimizer.pt")) {
            Files.copy(source.resolve(f), old.resolve(f));
        }
        Path oldBest = Files.createDirectories(old.resolve("best"));
        for (String f : ModelDirectory.FILES) {
            Files.copy(dir.resolve("best-source").resolve(f), oldBest.resolve(f));
        }
        Files.writeString(old.resolve("notes.txt"), "mine");
        Files.writeString(old.resolve("evaluation.json"), "{}");
        byte[] oldWeights = Files.readAllBytes(old.resolve("weights.safetensors"));

        assertThat(ModelDirectory.isModelFolder(old)).isTrue();
        assertThat(ModelDirectory.load(old).history()).hasSize(2);
        assertThat(ModelDirectory.load(oldBest).history()).hasSize(1);

        ModelDirectory.save(old, model(7, 3), null);
        assertThat(ModelDirectory.load(old).history()).hasSize(3);
        assertThat(old.resolve("notes.txt")).hasContent("mine");
        assertThat(old.resolve("evaluation.json")).hasContent("{}");
        assertThat(Files.readSymbolicLink(old.resolve("config.json"))).isEqualTo(Path.of("current/config.json"));
        assertThat(Files.readSymbolicLink(old.resolve("best"))).isEqualTo(Path.of(".versions/000000"));
        assertThat(ModelDirectory.load(old.resolve("best")).history()).hasSize(1);
        // the old files became the previous version, complete (optimizer state included)
        Path previous = old.resolve(".versions/000001");
        assertThat(Files.readAllBytes(previous.resolve("weights.safetensors"))).isEqualTo(oldWeights);
        assertThat(previous.resolve("optimizer.pt")).hasContent("adam state");
        assertThat(ModelDirectory.load(previous).history()).hasSize(2);
        assertThat(names(old)).containsExactly(".versions", "best", "config.json", "current", "evaluation.json",
                "history.jsonl", "notes.txt", "weights.safetensors");
        assertThat(versions(old)).containsExactly("000000", "000001", "000002");
    }

    @Test
    void anInterruptedConversionIsFinishedByRecover() throws IOException {
        Path old = Files.createDirectories(dir.resolve("old"));
        ModelDirectory.save(dir.resolve("source"), model(1, 2), null);
        for (String f : ModelDirectory.FILES) {
            Files.copy(dir.resolve("source").resolve(f), old.resolve(f));
        }
        // killed after copying the first file into the new version, before current existed
        Path half = Files.createDirectories(old.resolve(".versions/000001"));
        Files.copy(old.resolve("history.jsonl"), half.resolve("history.jsonl"));
        assertThat(ModelDirectory.load(old).history()).hasSize(2); // still read as the old format
        assertThat(ModelDirectory.recover(old)).isTrue();
        assertThat(Files.isSymbolicLink(old.resolve("current"))).isTrue();
        assertThat(versions(old)).containsExactly("000002");
        assertThat(ModelDirectory.load(old).history()).hasSize(2);
    }
}
