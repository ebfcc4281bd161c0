package vae4j;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import vae4j.data.DataRecipe;
import vae4j.data.DataSources;
import vae4j.data.DataSplits;
import vae4j.data.LoadedData;
import vae4j.data.SourceOptions;
import vae4j.data.DatasetCatalogue;
import vae4j.data.Downloader;
import vae4j.data.Dataset;
import vae4j.engine.Devices;
import vae4j.eval.ExampleScore;
import vae4j.eval.Scorer;
import vae4j.model.ModelConfig;
import vae4j.model.Vae;
import vae4j.store.Checkpointer;
import vae4j.store.DatasetInfo;
import vae4j.store.ModelDirectory;
import vae4j.store.SavedModel;
import vae4j.train.Preset;
import vae4j.train.TrainConfig;
import vae4j.train.Trainer;
import vae4j.train.TrainingListener;

/**
 * The shortest path through the library: load data, train a preset, save, load. Encoding and decoding are in
 * {@link vae4j.eval.LatentCodes}. Every step is also available piece by piece ({@link Trainer},
 * {@link ModelDirectory}, {@link DatasetCatalogue}).
 *
 * <pre>{@code
 * DataSplits data = Vae4j.dataset("fashion-mnist");
 * SavedModel model = Vae4j.train(Preset.PYTORCH_MLP, data, t -> t.withEpochs(10));
 * Vae4j.save(model, Path.of("fashion-vae"));
 * // or with a checkpoint after every epoch, best/ and a lock (resumable with vae4j train --resume):
 * SavedModel m2 = Vae4j.train(Preset.PYTORCH_MLP, data, t -> t.withEpochs(10), Path.of("fashion-vae"));
 * SavedModel loaded = Vae4j.load(Path.of("fashion-vae"));
 * LatentCodes z = LatentCodes.encode(loaded.model(), data.test());          // z.mean(): [n, 20]
 * float[] images = LatentCodes.decode(loaded.model(), z.mean(), z.size());  // [n, 1, 28, 28] in [0, 1]
 * List<ExampleScore> s = Vae4j.score(loaded, new float[][] {images1, images2}, 100, 1); // anomaly scores
 * Vae4j.score(loaded, data.test(), 100, 1, score -> System.out.println(score.negLogPx()));  // streamed
 * }</pre>
 */
public final class Vae4j {
    private Vae4j() {
    }

    /**
     * A catalogue data set ({@code mnist}, {@code fashion-mnist}, {@code mnist-10k}): from the cache under
     * {@code $VAE4J_HOME} or a system package, else downloaded and verified. Progress goes to standard error.
     */
    public static DataSplits dataset(String name) throws IOException {
        return new DatasetCatalogue(DatasetCatalogue.defaultHome(),
                new Downloader(Duration.ofSeconds(10), Duration.ofMinutes(10)), true, System.err::println).load(name);
    }

    /**
     * Data on disk, read with default options: a CSV or NumPy file, a folder of pictures (one sub-folder per class),
     * or a folder of MNIST-named IDX files (see {@link DataSources#open}). Sources without a test split get a seeded
     * 10 % test split; CSV row caches go under {@code $VAE4J_HOME/cache}.
     */
    public static DataSplits dataset(Path path) throws IOException {
        return dataset(path, SourceOptions.defaults(DatasetCatalogue.defaultHome().resolve("cache")).withSplit(
                SourceOptions.DEFAULT_TEST_FRACTION, 1));
    }

    /**
     * Data on disk read with {@code options} (CSV typing and label column, picture size and channels, the split). The
     * result records how it was read, so that a model trained on it can read it again the same way.
     */
    public static DataSplits dataset(Path path, SourceOptions options) throws IOException {
        LoadedData d = DataSources.open(path, options);
        return new DataSplits(path.toAbsolutePath().normalize().toString(), d.train(), d.test(), d.source(),
                d.all() == null ? null : DataRecipe.of(path, options, d));
    }

    /** Trains {@code preset} (settings adjusted by {@code tweak}) on the CPU, quietly. */
    public static SavedModel train(Preset preset, DataSplits data, UnaryOperator<TrainConfig> tweak)
            throws IOException {
        TrainConfig t = tweak.apply(preset.training());
        ModelConfig m = preset.model(data.spec());
        Vae vae = Vae.create(m, t.seed());
        Trainer trainer = new Trainer(vae, t, Devices.cpu());
        trainer.fit(data.train(), data.test(), new TrainingListener() { });
        return new SavedModel(vae, t, DatasetInfo.of(data), trainer.history());
    }

    /**
     * Trains {@code preset} on the CPU, quietly, into the model folder {@code folder} (absent, empty, or an earlier
     * model folder; a link to one is followed) with a checkpoint after every epoch: {@code folder/current} is always a
     * complete model, {@code folder/best} the one with the lowest test -ELBO, and the folder can be resumed with
     * {@code vae4j train --resume}. Holds the folder's {@link vae4j.store.TrainingLock} while training; repairs what
     * an earlier killed run left. Other files in the folder are kept.
     *
     * @throws IllegalArgumentException if {@code folder} is a file or a folder that is not a model folder
     */
    public static SavedModel train(Preset preset, DataSplits data, UnaryOperator<TrainConfig> tweak, Path folder)
            throws IOException {
        ModelDirectory.checkWritableTarget(folder);
        TrainConfig t = tweak.apply(preset.training());
        ModelConfig m = preset.model(data.spec());
        Vae vae = Vae.create(m, t.seed());
        Trainer trainer = new Trainer(vae, t, Devices.cpu());
        try (Checkpointer checkpointer = Checkpointer.open(folder, 1, vae, trainer, DatasetInfo.of(data))) {
            trainer.fit(data.train(), data.test(), checkpointer);
            if (trainer.stopped()) {
                checkpointer.checkpoint();
            }
            return checkpointer.snapshot();
        }
    }

    /** Writes a model folder atomically (see {@link ModelDirectory}: a new version, other files kept). */
    public static void save(SavedModel model, Path folder) throws IOException {
        ModelDirectory.save(folder, model, null);
    }

    /**
     * Anomaly scores of examples given as rows of model-space values ({@code [n][features]}; images {@code c*h*w}
     * values in [0, 1], channels first), with {@code k} importance samples drawn from {@code seed} and each example's
     * values (see {@link Scorer}): the same example always gets the same scores.
     */
    public static List<ExampleScore> score(SavedModel model, float[][] examples, int k, long seed) {
        return new Scorer(model.model(), new Scorer.Settings(k, seed, 256)).score(examples);
    }

    /**
     * As {@link #score(SavedModel, float[][], int, long)} for a conditional model: each example scored with its class,
     * {@code labels [n]} in 0..classes-1 (-log p(x|label)).
     */
    public static List<ExampleScore> score(SavedModel model, float[][] examples, int[] labels, int k, long seed) {
        return new Scorer(model.model(), new Scorer.Settings(k, seed, 256)).score(examples, labels);
    }

    /** Scores every example of {@code data} in order, handing each to {@code consumer} (memory: one batch). */
    public static void score(SavedModel model, Dataset data, int k, long seed, Consumer<ExampleScore> consumer) {
        new Scorer(model.model(), new Scorer.Settings(k, seed, 256)).score(data, consumer, done -> { });
    }

    /** Reads a model folder. */
    public static SavedModel load(Path folder) throws IOException {
        return ModelDirectory.load(folder);
    }
}
