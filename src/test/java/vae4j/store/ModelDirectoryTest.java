package vae4j.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vae4j.data.ImageDataset;
import vae4j.eval.LatentCodes;
import vae4j.io.CorruptFileException;
import vae4j.model.Vae;
import vae4j.train.EpochMetrics;
import vae4j.train.Preset;

class ModelDirectoryTest {
    @TempDir
    Path dir;

    static ImageDataset noise(int n) {
        byte[] px = new byte[n * 784];
        new Random(7).nextBytes(px);
        return new ImageDataset("noise", 1, 28, 28, px, null, List.of());
    }

    private SavedModel saved(Preset p) {
        Vae vae = Vae.create(p.model(1, 28, 28), 42);
        return new SavedModel(vae, p.training(), new DatasetInfo("noise", "ab", 10, 10, "test"),
                List.of(new EpochMetrics(1, 300, 280, 20, 290, 270, 20, 1000, 1.5)));
    }

    @Test
    void saveThenLoadGivesTheSameEncoderOutput() throws IOException {
        for (Preset p : new Preset[] {Preset.PYTORCH_MLP, Preset.KERAS_CONV}) {
            SavedModel s = saved(p);
            Path m = dir.resolve(p.id());
            ModelDirectory.save(m, s, null);
            SavedModel back = ModelDirectory.load(m);
            ImageDataset x = noise(16);
            LatentCodes before = LatentCodes.encode(s.model(), x);
            LatentCodes after = LatentCodes.encode(back.model(), x);
            for (int i = 0; i < before.mean().length; i++) {
                assertThat(after.mean()[i]).isCloseTo(before.mean()[i], org.assertj.core.api.Assertions.within(1e-6f));
                assertThat(after.logVar()[i]).isCloseTo(before.logVar()[i],
                        org.assertj.core.api.Assertions.within(1e-6f));
            }
            assertThat(back.model().config()).isEqualTo(s.model().config());
            assertThat(back.training()).isEqualTo(s.training());
            assertThat(back.dataset()).isEqualTo(s.dataset());
            assertThat(back.history()).isEqualTo(s.history());
        }
    }

    @Test
    void saveReplacesAnEarlierVersionAndLeavesNoTemporaryFiles() throws IOException {
        Path m = dir.resolve("m");
        ModelDirectory.save(m, saved(Preset.PYTORCH_MLP), null);
        ModelDirectory.save(m, saved(Preset.KERAS_MLP), f -> Files.writeString(f.resolve("extra.txt"), "x"));
        assertThat(ModelDirectory.load(m).model().config().latentDim()).isEqualTo(2);
        assertThat(m.resolve("extra.txt")).hasContent("x");
        assertThat(Files.readSymbolicLink(m.resolve("extra.txt"))).isEqualTo(Path.of("current/extra.txt"));
        assertThat(StoreFixtures.names(dir)).containsExactly("m");
        assertThat(StoreFixtures.names(m)).containsExactly(".versions", "config.json", "current", "extra.txt",
                "history.jsonl", "weights.safetensors");
        assertThat(Files.readSymbolicLink(m.resolve("current"))).isEqualTo(Path.of(".versions/000002"));
        assertThat(StoreFixtures.versions(m)).containsExactly("000001", "000002");
        // a file the new version lacks loses its link; the version before keeps its own copy
        ModelDirectory.save(m, saved(Preset.KERAS_MLP), null);
        assertThat(StoreFixtures.names(m)).doesNotContain("extra.txt");
        assertThat(StoreFixtures.versions(m)).containsExactly("000002", "000003");
    }

    @Test
    void refusesToWriteIntoSomethingThatIsNotAModel() throws IOException {
        Path other = dir.resolve("photos");
        Files.createDirectories(other);
        Files.writeString(other.resolve("holiday.jpg"), "precious");
        String refusal = other + " exists and is not a vae4j model folder; not writing into it";
        assertThatThrownBy(() -> ModelDirectory.save(other, saved(Preset.PYTORCH_MLP), null))
                .isInstanceOf(IOException.class).hasMessage(refusal);
        assertThatThrownBy(() -> ModelDirectory.checkWritableTarget(other))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(refusal);
        assertThatThrownBy(() -> TrainingLock.acquire(other)).hasMessage(refusal);
        assertThat(StoreFixtures.names(other)).containsExactly("holiday.jpg");
        assertThat(other.resolve("holiday.jpg")).hasContent("precious");

        Path file = dir.resolve("model.bin");
        Files.writeString(file, "not a folder");
        String fileRefusal = file + " exists and is not a vae4j model folder; not writing into it";
        assertThatThrownBy(() -> ModelDirectory.save(file, saved(Preset.PYTORCH_MLP), null)).hasMessage(fileRefusal);
        assertThatThrownBy(() -> ModelDirectory.checkWritableTarget(file))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(fileRefusal);
        assertThat(file).hasContent("not a folder");
        assertThat(StoreFixtures.names(dir)).containsExactly("model.bin", "photos");

        assertThat(ModelDirectory.isModelFolder(other)).isFalse();
        assertThat(ModelDirectory.isModelFolder(file)).isFalse();
        Path empty = Files.createDirectories(dir.resolve("empty"));
        ModelDirectory.checkWritableTarget(empty);
        ModelDirectory.checkWritableTarget(dir.resolve("absent"));
        ModelDirectory.save(empty, saved(Preset.PYTORCH_MLP), null);
        assertThat(ModelDirectory.isModelFolder(empty)).isTrue();
        ModelDirectory.checkWritableTarget(empty);
    }

    @Test
    void rejectsBrokenModelFolders() throws IOException {
        Path m = dir.resolve("m");
        ModelDirectory.save(m, saved(Preset.PYTORCH_MLP), null);
        Path weights = m.resolve("weights.safetensors");
        byte[] w = Files.readAllBytes(weights);

        Files.write(weights, Arrays.copyOf(w, w.length / 2));
        assertThatThrownBy(() -> ModelDirectory.load(m)).isInstanceOf(CorruptFileException.class)
                .hasMessageContaining("weights.safetensors");

        Path inVersion = m.resolve("current/weights.safetensors");
        Files.delete(inVersion);
        assertThatThrownBy(() -> ModelDirectory.load(m)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("weights.safetensors");
        Files.write(inVersion, w);

        Path config = m.resolve("config.json");
        String c = Files.readString(config);
        Files.writeString(config, c.replace("\"hidden\" : [ 400 ]", "\"hidden\" : [ 300 ]"));
        assertThatThrownBy(() -> ModelDirectory.load(m)).isInstanceOf(CorruptFileException.class)
                .hasMessageContaining("has shape [400, 784] but config.json's model needs [300, 784]");

        Files.writeString(config, c.replace("\"format_version\" : 2", "\"format_version\" : 3"));
        assertThatThrownBy(() -> ModelDirectory.load(m)).hasMessageContaining("written by a newer vae4j (format"
                + " version 3");

        Files.writeString(config, c.replace("\"latent_dim\" : 20", "\"latent_dim\" : 0"));
        assertThatThrownBy(() -> ModelDirectory.load(m)).hasMessageContaining("latent size must be >= 1, got 0");

        Files.writeString(config, c.replace("\"likelihood\" : \"bernoulli\"", "\"likelihood\" : \"per-column\""));
        assertThatThrownBy(() -> ModelDirectory.load(m)).hasMessageContaining("unknown likelihood 'per-column' for"
                + " 1x28x28 images");

        Files.writeString(config, c.substring(0, c.length() / 2));
        assertThatThrownBy(() -> ModelDirectory.load(m)).hasMessageContaining("malformed JSON");

        assertThatThrownBy(() -> ModelDirectory.load(dir.resolve("absent")))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void readsFormatOneConfigs() throws IOException {
        Path m = dir.resolve("v1");
        SavedModel saved = saved(Preset.PYTORCH_MLP);
        ModelDirectory.save(m, saved, null);
        // what vae4j 0.1 wrote: format_version 1, the image shape only as model.input_shape
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        Path config = m.resolve("config.json");
        var root = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(config.toFile());
        root.put("format_version", 1);
        ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("model")).remove("input");
        ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("dataset")).remove("options");
        Files.writeString(config, mapper.writeValueAsString(root));
        assertThat(Files.readString(config)).doesNotContain("\"input\"").contains("\"input_shape\":[1,28,28]");
        SavedModel loaded = ModelDirectory.load(m);
        assertThat(loaded.model().config()).isEqualTo(saved.model().config());
        assertThat(loaded.dataset().options()).isEmpty();
    }

    @Test
    void tableSchemaAndDataRecipeSurviveTheRoundTrip() throws IOException {
        vae4j.data.TableSpec spec = new vae4j.data.TableSpec(List.of(
                vae4j.data.Column.numeric("amount", 52.5, 13.25),
                vae4j.data.Column.coded("member", List.of("no", "yes"), false),
                vae4j.data.Column.coded("channel", List.of("phone", "store", "web"), true)));
        vae4j.model.ModelConfig c = Preset.TABLE_MLP.model(spec).withLatentDim(3);
        vae4j.model.Vae vae = vae4j.model.Vae.create(c, 4);
        vae4j.data.DataRecipe recipe = new vae4j.data.DataRecipe(dir.resolve("shop.csv"),
                new vae4j.data.CsvOptions("segment", java.util.Set.of("zip"), java.util.Set.of("id"),
                        vae4j.data.CsvOptions.Missing.MEAN), null, null, new vae4j.data.SplitSpec(9, 0.2, 500),
                new float[] {52.5f, 1f, 2f});
        SavedModel saved = new SavedModel(vae, Preset.TABLE_MLP.training(), new DatasetInfo("shop.csv", "ab", 400,
                100, "test", recipe.toOptions()), List.of());
        Path m = dir.resolve("table");
        ModelDirectory.save(m, saved, null);
        SavedModel loaded = ModelDirectory.load(m);
        assertThat(loaded.model().config()).isEqualTo(c);
        assertThat(((vae4j.data.TableSpec) loaded.model().config().input()).columns().get(0).std()).isEqualTo(13.25);
        vae4j.data.DataRecipe back = vae4j.data.DataRecipe.fromOptions(loaded.dataset().options());
        assertThat(back.path()).isEqualTo(recipe.path());
        assertThat(back.csv()).isEqualTo(recipe.csv());
        assertThat(back.split()).isEqualTo(recipe.split());
        assertThat(back.fill()).containsExactly(52.5f, 1f, 2f);
        // the decoder is per-column: 2 outputs for the number, 1 for the binary, 3 for the categorical
        assertThat(loaded.model().config().likelihood().outputs()).isEqualTo(6);
        assertThat(ModelDirectory.describe(m).config()).isEqualTo(c);
    }
}
