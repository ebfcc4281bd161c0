package vae4j.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import vae4j.engine.Parameters;
import vae4j.io.AtomicFiles;
import vae4j.io.CorruptFileException;
import vae4j.io.SafeTensors;
import vae4j.model.ModelConfig;
import vae4j.model.Vae;
import vae4j.train.EpochMetrics;
import vae4j.train.Progress;
import vae4j.train.TrainConfig;

/**
 * A trained model on disk: a folder {@code M} that is created once and never replaced. Each save writes a complete,
 * fsynced, immutable version folder inside it and then switches the link {@code current} to it with one atomic
 * rename:
 * <pre>
 * M/.versions/000012/    config.json, weights.safetensors, history.jsonl (+ loss.png, optimizer.pt, ...)
 * M/current  -&gt; .versions/000012       switched atomically at every save
 * M/best     -&gt; .versions/000009       the best checkpoint by test -ELBO (written by {@link Checkpointer})
 * M/config.json -&gt; current/config.json  one link per file of the current version, so tools see plain names
 * M/.lock                                the {@link TrainingLock}
 * M/notes.txt, M/evaluation.json, ...    anything else is the user's: never touched
 * </pre>
 * <ul>
 *   <li>{@code config.json}: format name and version, model and training settings, data fingerprint, and the
 *       training progress, so that a checkpoint can be resumed exactly;</li>
 *   <li>{@code weights.safetensors}: every parameter, float32;</li>
 *   <li>{@code history.jsonl}: one JSON object per epoch (losses in nats per image, throughput, time).</li>
 * </ul>
 * Kept after a save: the current version, the one before it (a reader that resolved {@code current} a moment ago
 * can finish) and the best; older ones are deleted. {@link #load} resolves {@code current} once and reads every file
 * from that version, so it never mixes two versions. A kill at any moment leaves {@code current} pointing at a
 * complete version; {@link #recover} removes what the killed save left. Old-format folders (plain files in
 * {@code M}, no {@code current}: vae4j before the versioned layout) load as they are and are converted in place by
 * the first save into them. A symbolic link to a model folder is followed, never replaced. One writer at a time:
 * trainers take the {@link TrainingLock}.
 */
public final class ModelDirectory {
    /** The format this build writes and the newest it reads. */
    public static final int FORMAT_VERSION = 2;
    static final String FORMAT = "vae4j-model";
    static final String CONFIG = "config.json";
    static final String WEIGHTS = "weights.safetensors";
    static final String HISTORY = "history.jsonl";
    /** The files that make a model (in every version folder). */
    public static final List<String> FILES = List.of(CONFIG, WEIGHTS, HISTORY);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** How often {@link #load} starts again when a trainer deleted the version it was reading. */
    private static final int LOAD_ATTEMPTS = 5;

    private ModelDirectory() {
    }

    /** Extra files written into the new version folder before it becomes current. */
    @FunctionalInterface
    public interface Extras {
        void write(Path folder) throws IOException;
    }

    /**
     * True if {@code dir} is a vae4j model folder: a folder with a {@code current} link (the versioned layout) or a
     * {@code config.json} that says {@code "format": "vae4j-model"}.
     */
    public static boolean isModelFolder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        if (Files.exists(dir.resolve(VersionedFolder.CURRENT), LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        Path config = dir.resolve(CONFIG);
        if (!Files.isRegularFile(config)) {
            return false;
        }
        try {
            JsonNode c = JSON.readTree(config.toFile());
            return c != null && FORMAT.equals(c.path("format").asText());
        } catch (IOException e) {
            return false; // a config.json that is not ours, or not JSON: not a model folder
        }
    }

    /**
     * Checks, cheaply and before any training work, that a model can be saved to {@code dir}: it does not exist, is
     * an empty folder, a model folder, or a folder a trainer took before its first checkpoint (it has vae4j's
     * {@code .lock}). Symbolic links are followed.
     *
     * @throws IllegalArgumentException naming {@code dir} otherwise (a file, or a folder with other things in it)
     */
    public static void checkWritableTarget(Path dir) {
        String problem = problemWith(dir);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Why a model cannot be saved to {@code dir}, or null if it can. */
    static String problemWith(Path dir) {
        if (!Files.exists(dir)) {
            return null;
        }
        String refusal = dir + " exists and is not a vae4j model folder; not writing into it";
        if (!Files.isDirectory(dir)) {
            return refusal;
        }
        if (isModelFolder(dir)) {
            return null;
        }
        if (Files.exists(dir.resolve(VersionedFolder.LOCK)) || Files.exists(dir.resolve(VersionedFolder.VERSIONS))) {
            return null; // a trainer took it before its first checkpoint
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty() ? null : refusal;
        } catch (IOException e) {
            return "cannot read " + dir + ": " + e.getMessage();
        }
    }

    /** Saves {@code saved} as the new current version of the model folder {@code dir} (created if absent). */
    public static void save(Path dir, SavedModel saved, Extras extras) throws IOException {
        save(dir, saved, extras, false);
    }

    /**
     * Saves {@code saved} (and what {@code extras} writes) as a new version of the model folder {@code dir} and makes
     * it current, and also {@code best} if {@code best} is true. An old-format folder is converted first. Order in
     * the version folder: weights and history, then the extras, then {@code config.json} (so a version with a config
     * is complete), then the folder is fsynced.
     *
     * @throws IOException if {@code dir} is a file or a folder that is not a model folder (nothing is written then),
     *                     or if writing fails: then the previous version is still current and complete
     */
    public static void save(Path dir, SavedModel saved, Extras extras, boolean best) throws IOException {
        Path shown = dir.toAbsolutePath().normalize();
        String problem = problemWith(dir);
        if (problem != null) {
            throw new IOException(problem);
        }
        Path m = VersionedFolder.target(dir);
        boolean hadModel = isModelFolder(m);
        Path version = null;
        boolean switching = false;
        try {
            Files.createDirectories(m);
            VersionedFolder.convertLegacy(m);
            version = VersionedFolder.createVersion(m);
            writeWeightsAndHistory(version, saved);
            if (extras != null) {
                extras.write(version);
            }
            writeConfig(version, saved);
            AtomicFiles.fsyncDirectory(version);
            switching = true; // from here on the version may be current: never delete it
            VersionedFolder.commit(m, version, best);
        } catch (RuntimeException e) {
            if (version != null && !switching) {
                VersionedFolder.deleteTree(version);
            }
            throw e;
        } catch (IOException e) {
            boolean isCurrent = switching && version.equals(VersionedFolder.linked(m, VersionedFolder.CURRENT));
            if (version != null && !isCurrent) {
                try {
                    VersionedFolder.deleteTree(version);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (reason.contains("No space left")) {
                reason = "no space left on the device";
            }
            throw new IOException("cannot save the model to " + shown + ": " + reason
                    + (hadModel && !isCurrent ? "; the previous version is unchanged" : ""), e);
        }
    }

    /**
     * Writes weights, history and (last, so that a version folder with a config is complete) the config of
     * {@code saved} into the existing folder {@code folder}.
     */
    public static void writeFiles(Path folder, SavedModel saved) throws IOException {
        writeWeightsAndHistory(folder, saved);
        writeConfig(folder, saved);
    }

    private static void writeWeightsAndHistory(Path folder, SavedModel saved) throws IOException {
        SafeTensors.write(folder.resolve(WEIGHTS), weights(saved.model()), Map.of("format", "pt"));
        StringBuilder history = new StringBuilder();
        ObjectMapper compact = new ObjectMapper();
        for (EpochMetrics m : saved.history()) {
            history.append(compact.writeValueAsString(m)).append('\n');
        }
        AtomicFiles.writeString(folder.resolve(HISTORY), history.toString());
    }

    private static void writeConfig(Path folder, SavedModel saved) throws IOException {
        AtomicFiles.writeString(folder.resolve(CONFIG), JSON.writeValueAsString(ConfigJson.configJson(saved)));
    }

    /**
     * Repairs what a killed save can leave behind (incomplete version folders, temporary links, an interrupted
     * conversion); call it only while holding the folder's {@link TrainingLock}. {@code current} itself always
     * points at a complete version: the renames that switch it are atomic.
     *
     * @return true if anything was removed or repaired
     */
    public static boolean recover(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        return VersionedFolder.recover(dir.toRealPath());
    }

    /**
     * Loads a model folder, checking format version, shapes and every file. {@code current} is resolved once and
     * every file read from that version; if a trainer deletes that version meanwhile, loading starts again from the
     * new {@code current} (a few times). Old-format folders are read directly, and so is a version folder itself
     * (e.g. {@code M/best}).
     */
    public static SavedModel load(Path dir) throws IOException {
        return load(dir, version -> { });
    }

    /**
     * Reads a model folder's description without its weights: config, training settings, data and history, checked as
     * {@link #load} checks them. Needs no engine (what {@code vae4j summary} prints).
     */
    public static ModelCard describe(Path dir) throws IOException {
        return read(dir, version -> { }, ModelDirectory::readCard);
    }

    /** {@link #load}, with {@code resolved} called between resolving {@code current} and reading (for tests). */
    static SavedModel load(Path dir, Extras resolved) throws IOException {
        return read(dir, resolved, version -> {
            ModelCard card = readCard(version);
            Vae vae = new Vae(card.config());
            loadWeights(vae, version.resolve(WEIGHTS));
            return new SavedModel(vae, card.training(), card.dataset(), card.history(), card.progress());
        });
    }

    /** Reads one version folder. */
    @FunctionalInterface
    private interface VersionReader<T> {
        T read(Path version) throws IOException;
    }

    /** Resolves {@code current} once and reads that version; starts again if it was deleted underneath. */
    private static <T> T read(Path dir, Extras resolved, VersionReader<T> reader) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "model folder not found");
        }
        Path m = dir.toRealPath();
        for (int attempt = 1; ; attempt++) {
            Path version;
            try {
                version = VersionedFolder.readable(m);
            } catch (NoSuchFileException e) {
                throw new NoSuchFileException(m.resolve(VersionedFolder.CURRENT).toString(), null,
                        "the link to the current version is broken");
            }
            try {
                resolved.write(version);
                return reader.read(version);
            } catch (NoSuchFileException e) {
                if (attempt == LOAD_ATTEMPTS || !VersionedFolder.versioned(m) || (Files.isDirectory(version)
                        && version.equals(VersionedFolder.readable(m)))) {
                    throw e; // a file really is missing, not a version deleted under us
                }
            }
        }
    }

    private static ModelCard readCard(Path dir) throws IOException {
        Path configPath = dir.resolve(CONFIG);
        JsonNode c;
        try {
            c = JSON.readTree(Files.readString(configPath, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(configPath.toString(), null, "missing: not a vae4j model folder");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CorruptFileException(configPath, "malformed JSON (" + e.getOriginalMessage() + ")");
        }
        if (c == null || !FORMAT.equals(c.path("format").asText())) {
            throw new CorruptFileException(configPath, "not a vae4j model config (format is "
                    + (c == null ? "missing" : c.path("format")) + ")");
        }
        int version = c.path("format_version").asInt(-1);
        if (version > FORMAT_VERSION) {
            throw new CorruptFileException(configPath, "written by a newer vae4j (format version " + version
                    + "; this build reads up to " + FORMAT_VERSION + ")");
        }
        if (version < 1) {
            throw new CorruptFileException(configPath, "missing or invalid format_version");
        }
        ModelConfig modelConfig;
        TrainConfig training;
        DatasetInfo data;
        Progress progress;
        try {
            modelConfig = ConfigJson.modelConfig(c.path("model"));
            training = ConfigJson.trainConfig(c.path("training"));
            data = ConfigJson.dataset(c.path("dataset"));
            progress = ConfigJson.progress(c.path("progress"));
        } catch (IllegalArgumentException e) {
            throw new CorruptFileException(configPath, e.getMessage());
        }
        List<EpochMetrics> history = readHistory(dir.resolve(HISTORY));
        if (progress != null && progress.epoch() != history.size() + 1) {
            throw new CorruptFileException(dir.resolve(HISTORY), history.size() + " epochs recorded but "
                    + CONFIG + " says epoch " + progress.epoch() + " is next");
        }
        return new ModelCard(modelConfig, training, data, history,
                progress == null ? Progress.startOf(history.size() + 1) : progress);
    }

    /** The model's parameters by name, as Java arrays. */
    static Map<String, SafeTensors.Entry> weights(Vae vae) {
        Map<String, SafeTensors.Entry> out = new LinkedHashMap<>();
        Parameters.read(vae.module()).forEach((name, v) -> out.put(name, new SafeTensors.Entry(v.shape(), v.values())));
        return out;
    }

    private static void loadWeights(Vae vae, Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "missing: the model folder has no weights");
        }
        Map<String, SafeTensors.Entry> stored = SafeTensors.read(file);
        Map<String, long[]> expected = Parameters.shapes(vae.module());
        Map<String, Parameters.Values> values = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> p : expected.entrySet()) {
            String name = p.getKey();
            SafeTensors.Entry e = stored.get(name);
            if (e == null) {
                throw new CorruptFileException(file, "no tensor '" + name + "' (the config describes a different"
                        + " model)");
            }
            if (!Arrays.equals(e.shape(), p.getValue())) {
                throw new CorruptFileException(file, "tensor '" + name + "' has shape " + Arrays.toString(e.shape())
                        + " but config.json's model needs " + Arrays.toString(p.getValue()));
            }
            values.put(name, new Parameters.Values(e.shape(), e.values()));
        }
        List<String> extra = stored.keySet().stream().filter(k -> !expected.containsKey(k)).toList();
        if (!extra.isEmpty()) {
            throw new CorruptFileException(file, "tensors " + extra + " are not part of the configured model");
        }
        Parameters.write(vae.module(), values);
    }

    private static List<EpochMetrics> readHistory(Path file) throws IOException {
        if (!Files.exists(file)) {
            // every save writes a history (empty before the first epoch): a missing one means the version was
            // deleted under a reader (which then starts again from the new current) or a damaged folder
            throw new NoSuchFileException(file.toString(), null, "missing: the model folder has no history");
        }
        List<EpochMetrics> out = new ArrayList<>();
        ObjectMapper compact = new ObjectMapper();
        int line = 0;
        int expectedEpoch = 1;
        for (String s : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            line++;
            if (s.isBlank()) {
                continue;
            }
            EpochMetrics m;
            try {
                m = compact.readValue(s, EpochMetrics.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new CorruptFileException(file, "line " + line + ": " + e.getOriginalMessage());
            }
            if (m.epoch() != expectedEpoch++) {
                throw new CorruptFileException(file, "line " + line + " is epoch " + m.epoch() + ", expected "
                        + (expectedEpoch - 1) + " (history not continuous)");
            }
            out.add(m);
        }
        return out;
    }
}
