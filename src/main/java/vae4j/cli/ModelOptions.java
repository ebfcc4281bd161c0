package vae4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import vae4j.data.DataSplits;
import vae4j.data.DatasetCatalogue;
import vae4j.store.ModelDirectory;
import vae4j.store.SavedModel;

/** {@code --model DIR}, and the data a model was trained on unless --dataset/--data say otherwise. */
final class ModelOptions {
    @Option(names = {"--model", "-m"}, required = true, paramLabel = "MODEL_DIR", description = "a trained model folder")
    Path model;

    SavedModel load() throws IOException {
        return ModelDirectory.load(model);
    }

    /** The data named on the command line, else the data set recorded in the model. */
    static DataSplits dataFor(SavedModel m, DataOptions data, PrintWriter log) throws IOException {
        if (data.given()) {
            return data.load(log, null);
        }
        String name = m.dataset().name();
        if (DatasetCatalogue.NAMES.contains(name)) {
            return data.limit(DataOptions.catalogue(log, data.offline).load(name));
        }
        Path dir = Path.of(name);
        if (Files.isDirectory(dir)) {
            return data.limit(DatasetCatalogue.fromDirectory(dir));
        }
        throw new IllegalArgumentException("the model was trained on '" + name + "', which is neither a catalogue"
                + " data set nor a folder here; pass --dataset or --data");
    }
}
