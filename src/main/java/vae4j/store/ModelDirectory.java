package vae4j.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.StringTensorDictItem;
import org.bytedeco.pytorch.Tensor;
import vae4j.engine.Tensors;
import vae4j.io.AtomicFiles;
import vae4j.io.CorruptFileException;
import vae4j.io.SafeTensors;
import vae4j.model.ModelConfig;
import vae4j.model.Vae;
import vae4j.train.EpochMetrics;
import vae4j.train.Progress;
import vae4j.train.TrainConfig;

/**
 * A trained model on disk, a folder:
 * <pre>
 * config.json           format name and version, model and training settings, data fingerprint
 * weights.safetensors   every parameter, float32
 * history.jsonl         one JSON object per epoch (losses in nats per image, throughput, time)
 * </pre>
 * {@code config.json} also records the training progress, so that a checkpoint can be resumed exactly.
 * plus any files the caller adds (plots). The folder is written beside the target under a temporary name, every file
 * fsynced, and then swapped into place, so a reader never sees a half-written model; the previous version is removed
 * only after the new one is in place.
 */
public final class ModelDirectory {
    /** The format this build writes and the newest it reads. */
    public static final int FORMAT_VERSION = 2;
    static final String FORMAT = "vae4j-model";
    static final String CONFIG = "config.json";
    static final String WEIGHTS = "weights.safetensors";
    static final String HISTORY = "history.jsonl";
    /** The files that make a model folder. */
    public static final List<String> FILES = List.of(CONFIG, WEIGHTS, HISTORY);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelDirectory() {
    }

    /** Extra files written into the folder before it is swapped into place. */
    @FunctionalInterface
    public interface Extras {
        void write(Path folder) throws IOException;
    }

    /** Saves {@code saved} as the folder {@code dir}, replacing an earlier version atomically. */
    public static void save(Path dir, SavedModel saved, Extras extras) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");
        try {
            AtomicFiles.readableByAll(tmp, true);
            writeFiles(tmp, saved);
            if (extras != null) {
                extras.write(tmp);
            }
            AtomicFiles.fsyncDirectory(tmp);
            swapIn(tmp, target);
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (reason.contains("No space left")) {
                reason = "no space left on the device";
            }
            throw new IOException("cannot save the model to " + target + ": " + reason
                    + (Files.isDirectory(target) ? "; the previous version is unchanged" : ""), e);
        } finally {
            deleteTree(tmp);
        }
    }

    /** Writes config, weights and history of {@code saved} into the existing folder {@code folder}. */
    public static void writeFiles(Path folder, SavedModel saved) throws IOException {
        AtomicFiles.writeString(folder.resolve(CONFIG), JSON.writeValueAsString(ConfigJson.configJson(saved)));
        SafeTensors.write(folder.resolve(WEIGHTS), weights(saved.model()), Map.of("format", "pt"));
        StringBuilder history = new StringBuilder();
        ObjectMapper compact = new ObjectMapper();
        for (EpochMetrics m : saved.history()) {
            history.append(compact.writeValueAsString(m)).append('\n');
        }
        AtomicFiles.writeString(folder.resolve(HISTORY), history.toString());
    }

    private static void swapIn(Path tmp, Path target) throws IOException {
        if (Files.exists(target)) {
            if (!Files.isDirectory(target)) {
                throw new IOException(target + " exists and is not a folder; not replacing it");
            }
            if (!Files.exists(target.resolve(CONFIG))) {
                throw new IOException(target + " exists and is not a vae4j model folder (no " + CONFIG
                        + "); not replacing it");
            }
            Path old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old-");
            Files.delete(old);
            AtomicFiles.move(target, old);
            AtomicFiles.move(tmp, target);
            deleteTree(old);
        } else {
            AtomicFiles.move(tmp, target);
        }
        AtomicFiles.fsyncDirectory(target.getParent());
    }

    /**
     * Repairs what a crash during {@link #save} can leave behind; call it only while no other process writes the folder
     * (training holds a {@link TrainingLock}). A crash between the two renames of the swap leaves no folder but the
     * complete previous version under {@code .NAME.old-*}: it is put back. Temporary folders of interrupted saves are
     * deleted.
     *
     * @return true if the folder was restored from its previous version
     */
    public static boolean recover(Path dir) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return false;
        }
        String name = target.getFileName().toString();
        List<Path> olds = new ArrayList<>();
        List<Path> temps = new ArrayList<>();
        try (Stream<Path> siblings = Files.list(parent)) {
            for (Path p : siblings.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith("." + name + ".old-")) {
                    olds.add(p);
                } else if (n.startsWith("." + name + ".tmp-")) {
                    temps.add(p);
                }
            }
        }
        boolean restored = false;
        if (!Files.exists(target)) {
            Path newest = newest(olds);
            if (newest != null) {
                AtomicFiles.move(newest, target);
                AtomicFiles.fsyncDirectory(parent);
                olds.remove(newest);
                restored = true;
            }
        }
        for (Path p : olds) {
            deleteTree(p);
        }
        for (Path p : temps) {
            deleteTree(p);
        }
        return restored;
    }

    private static Path newest(List<Path> candidates) {
        return candidates.stream().filter(p -> Files.isRegularFile(p.resolve(CONFIG)))
                .max(Comparator.comparing(p -> p.toFile().lastModified())).orElse(null);
    }

    private static Path previousVersion(Path dir) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return null;
        }
        String prefix = "." + target.getFileName() + ".old-";
        try (Stream<Path> siblings = Files.list(parent)) {
            return newest(siblings.filter(p -> p.getFileName().toString().startsWith(prefix)).toList());
        }
    }

    /**
     * Loads a model folder, checking format version, shapes and every file. If the folder is missing because a save
     * is swapping it (or crashed while swapping), the complete previous version ({@code .NAME.old-*}) is read.
     */
    public static SavedModel load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Path previous = previousVersion(dir);
            if (previous == null) {
                throw new NoSuchFileException(dir.toString(), null, "model folder not found");
            }
            dir = previous;
        }
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
        Vae vae = new Vae(modelConfig);
        loadWeights(vae, dir.resolve(WEIGHTS));
        List<EpochMetrics> history = readHistory(dir.resolve(HISTORY));
        if (progress != null && progress.epoch() != history.size() + 1) {
            throw new CorruptFileException(dir.resolve(HISTORY), history.size() + " epochs recorded but "
                    + CONFIG + " says epoch " + progress.epoch() + " is next");
        }
        return new SavedModel(vae, training, data, history, progress);
    }

    /** The model's parameters by name, as Java arrays. */
    static Map<String, SafeTensors.Entry> weights(Vae vae) {
        Map<String, SafeTensors.Entry> out = new LinkedHashMap<>();
        try (PointerScope scope = new PointerScope()) {
            StringTensorDict params = vae.module().named_parameters();
            for (long i = 0; i < params.size(); i++) {
                StringTensorDictItem item = params.get(i);
                Tensor t = item.value();
                out.put(item.key().getString(), new SafeTensors.Entry(Tensors.shape(t), Tensors.toFloats(t)));
            }
        }
        return out;
    }

    private static void loadWeights(Vae vae, Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "missing: the model folder has no weights");
        }
        Map<String, SafeTensors.Entry> stored = SafeTensors.read(file);
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            StringTensorDict params = vae.module().named_parameters();
            List<String> expected = new ArrayList<>();
            for (long i = 0; i < params.size(); i++) {
                StringTensorDictItem item = params.get(i);
                String name = item.key().getString();
                expected.add(name);
                Tensor p = item.value();
                SafeTensors.Entry e = stored.get(name);
                if (e == null) {
                    throw new CorruptFileException(file, "no tensor '" + name + "' (the config describes a different"
                            + " model)");
                }
                if (!Arrays.equals(e.shape(), Tensors.shape(p))) {
                    throw new CorruptFileException(file, "tensor '" + name + "' has shape "
                            + Arrays.toString(e.shape()) + " but config.json's model needs "
                            + Arrays.toString(Tensors.shape(p)));
                }
                p.copy_(Tensors.floats(e.values(), e.shape()));
            }
            List<String> extra = stored.keySet().stream().filter(k -> !expected.contains(k)).toList();
            if (!extra.isEmpty()) {
                throw new CorruptFileException(file, "tensors " + extra + " are not part of the configured model");
            }
        }
    }

    private static List<EpochMetrics> readHistory(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
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

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
