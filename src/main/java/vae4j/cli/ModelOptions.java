package vae4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Option;
import vae4j.data.DataRecipe;
import vae4j.data.DataSources;
import vae4j.data.DataSplits;
import vae4j.data.InputSpec;
import vae4j.data.LoadedData;
import vae4j.data.DatasetCatalogue;
import vae4j.store.ModelCard;
import vae4j.store.ModelDirectory;
import vae4j.store.SavedModel;

/** {@code --model DIR}, and the data a model was trained on unless --dataset/--data say otherwise. */
final class ModelOptions {
    @Option(names = {"--model", "-m"}, required = true, paramLabel = "MODEL_DIR", description = "a trained model folder")
    Path model;

    SavedModel load() throws IOException {
        checkNotAFile();
        return ModelDirectory.load(model);
    }

    /** The model's description without its weights (no engine needed). */
    ModelCard describe() throws IOException {
        checkNotAFile();
        return ModelDirectory.describe(model);
    }

    private void checkNotAFile() throws IOException {
        if (Files.isRegularFile(model)) {
            throw new IOException(model + " is a file, not a model folder (give the folder that holds config.json"
                    + " and weights.safetensors)");
        }
    }

    /**
     * What this command reads, for {@link OutputGuard}: the model folder, and the data named on the command line or
     * else the data set recorded in the model's config.json (read as JSON only: nothing is loaded).
     */
    List<OutputGuard.Input> inputs(DataOptions data) {
        OutputGuard.Input d = data == null ? null : data.given() ? data.input() : recordedData();
        return OutputGuard.inputs(new OutputGuard.Input("the model folder", model), d);
    }

    /** The data set the model says it was trained on, where it is a folder or a catalogue name; else null. */
    private OutputGuard.Input recordedData() {
        try {
            Path config = model.resolve("config.json");
            if (!Files.isRegularFile(config)) {
                config = model.resolve("current").resolve("config.json"); // a versioned model folder
            }
            JsonNode c = new ObjectMapper().readTree(config.toFile());
            String name = c == null ? "" : c.path("dataset").path("name").asText("");
            if (name.isEmpty()) {
                return null;
            }
            if (DatasetCatalogue.NAMES.contains(name)) {
                return new OutputGuard.Input("the cached data set " + name,
                        DatasetCatalogue.defaultHome().resolve("datasets").resolve(name));
            }
            Path p = Path.of(name);
            return Files.isDirectory(p) ? new OutputGuard.Input("the model's data folder", p)
                    : Files.exists(p) ? new OutputGuard.Input("the model's data file", p) : null;
        } catch (IOException | RuntimeException e) {
            return null; // no readable config: loading the model reports it
        }
    }

    /**
     * The data named on the command line (new data checked against the model), else the data recorded in the model,
     * read again the way it was read for training (same split, the model's fitted preprocessing).
     */
    static DataSplits dataFor(SavedModel m, DataOptions data, PrintWriter log) throws IOException {
        DataRecipe recorded = DataRecipe.fromOptions(m.dataset().options());
        InputSpec input = m.model().config().input();
        if (data.given()) {
            return data.loadFor(input, recorded, log);
        }
        String name = m.dataset().name();
        if (DatasetCatalogue.NAMES.contains(name)) {
            return data.limit(DataOptions.catalogue(log, data.offline).load(name));
        }
        if (recorded != null) {
            LoadedData d = DataSources.forModel(recorded.path(), recorded, input, DataOptions.cacheDir(), null);
            return data.limit(new DataSplits(name, d.train(), d.test(), d.source(), recorded));
        }
        Path dir = Path.of(name);
        if (Files.isDirectory(dir)) {
            return data.limit(DatasetCatalogue.fromDirectory(dir));
        }
        throw new IllegalArgumentException("the model was trained on '" + name + "', which is neither a catalogue"
                + " data set nor a folder here; pass --dataset or --data");
    }
}
