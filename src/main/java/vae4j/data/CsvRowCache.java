package vae4j.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary copy of a CSV's rows in a cache folder: {@code <key>.rows} (one float32 per feature column, little
 * endian, row after row: the number, the level code, or NaN for a value to be filled), {@code <key>.labels} (int32
 * class codes) and {@code <key>.json} (the schema and counts). The key is the SHA-256 of the file's absolute path,
 * size, modification time and the reading options. Files are written under temporary names and renamed, the sidecar
 * last; a cache whose sidecar or sizes do not match is not used.
 */
final class CsvRowCache {
    static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final long inMemoryBytes;

    /** @param inMemoryBytes rows files up to this size are loaded into memory; larger ones are read on demand */
    CsvRowCache(Path dir, long inMemoryBytes) {
        this.dir = dir;
        this.inMemoryBytes = inMemoryBytes;
    }

    /** The cache key: SHA-256 of the absolute path, size, modification time and options. */
    static String key(Path csv, CsvOptions options) throws IOException {
        BasicFileAttributes a = Files.readAttributes(csv, BasicFileAttributes.class);
        String id = "vae4j-csv v" + VERSION + "\n" + csv.toAbsolutePath().normalize() + "\n" + a.size() + "\n"
                + a.lastModifiedTime().toInstant() + "\n" + options.key();
        return Hashing.sha256Hex(id.getBytes(StandardCharsets.UTF_8));
    }

    /** What a first read found: the feature columns, the label's classes (null: no label) and the counts. */
    record Contents(List<Column> columns, String labelColumn, List<String> classNames, long rows, long dropped,
                    long missing) {
    }

    /** Temporary files for a cache being written, in the cache folder. */
    record Pending(Path rows, Path labels) {
    }

    Pending start(String key) throws IOException {
        Files.createDirectories(dir);
        return new Pending(Files.createTempFile(dir, key, ".rows.tmp"), Files.createTempFile(dir, key, ".labels.tmp"));
    }

    /** Writes the sidecar, removes earlier versions of the same file and options, and renames the files into place. */
    void commit(Path csv, CsvOptions options, String key, Pending p, Contents s) throws IOException {
        Path jsonTmp = Files.createTempFile(dir, key, ".json.tmp");
        try {
            ObjectNode json = JSON.createObjectNode();
            json.put("format", "vae4j raw table cache");
            json.put("version", VERSION);
            json.put("key", key);
            json.put("source", csv.toAbsolutePath().normalize().toString());
            json.put("options", options.key());
            json.put("rows", s.rows());
            json.put("dropped", s.dropped());
            json.put("missing", s.missing());
            json.put("dtype", "float32-le");
            ArrayNode cols = json.putArray("columns");
            for (Column c : s.columns()) {
                ObjectNode o = cols.addObject();
                o.put("name", c.name());
                o.put("kind", c.kind().id());
                ArrayNode lv = o.putArray("levels");
                c.levels().forEach(lv::add);
            }
            if (s.labelColumn() != null) {
                json.put("labelColumn", s.labelColumn());
                ArrayNode cn = json.putArray("classNames");
                s.classNames().forEach(cn::add);
            }
            JSON.writerWithDefaultPrettyPrinter().writeValue(jsonTmp.toFile(), json);
            removeStale(json.path("source").asText(), options.key(), key);
            move(p.rows(), dir.resolve(key + ".rows"));
            move(p.labels(), dir.resolve(key + ".labels"));
            move(jsonTmp, dir.resolve(key + ".json"));
        } finally {
            Files.deleteIfExists(jsonTmp);
        }
    }

    /** Deletes what is left of an unfinished cache. */
    static void discard(Pending p) throws IOException {
        Files.deleteIfExists(p.rows());
        Files.deleteIfExists(p.labels());
    }

    /** The cached table for {@code key}, or null when there is none or it is incomplete. */
    RawTable load(Path csv, String key) throws IOException {
        Path json = dir.resolve(key + ".json");
        Path rowsFile = dir.resolve(key + ".rows");
        Path labelsFile = dir.resolve(key + ".labels");
        if (!Files.isRegularFile(json) || !Files.isRegularFile(rowsFile)) {
            return null;
        }
        JsonNode j;
        try {
            j = JSON.readTree(json.toFile());
        } catch (IOException e) {
            return null;
        }
        if (j.path("version").asInt() != VERSION || !key.equals(j.path("key").asText())) {
            return null;
        }
        List<Column> cols = new ArrayList<>();
        for (JsonNode c : j.path("columns")) {
            List<String> levels = new ArrayList<>();
            c.path("levels").forEach(l -> levels.add(l.asText()));
            String kind = c.path("kind").asText();
            cols.add(kind.equals("numeric") ? Column.numeric(c.path("name").asText(), 0, 1)
                    : Column.coded(c.path("name").asText(), levels, kind.equals("categorical")));
        }
        long rows = j.path("rows").asLong();
        if (cols.isEmpty() || Files.size(rowsFile) != rows * 4 * cols.size()) {
            return null;
        }
        int[] labels = null;
        List<String> classNames = List.of();
        if (j.has("labelColumn")) {
            if (!Files.isRegularFile(labelsFile) || Files.size(labelsFile) != rows * 4) {
                return null;
            }
            labels = new int[(int) rows];
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(labelsFile)).order(ByteOrder.LITTLE_ENDIAN);
            b.asIntBuffer().get(labels);
            List<String> cn = new ArrayList<>();
            j.path("classNames").forEach(c -> cn.add(c.asText()));
            classNames = cn;
        }
        FileRows fr = new FileRows(rowsFile, 0, (int) rows, cols.size(), FileRows.DType.FLOAT32,
                ByteOrder.LITTLE_ENDIAN);
        RowStore store = fr;
        if (Files.size(rowsFile) <= inMemoryBytes) {
            try (fr) {
                store = fr.load();
            }
        }
        return new RawTable(csv.getFileName().toString(), csv, cols, store, labels, classNames,
                j.path("dropped").asLong(), j.path("missing").asLong(), true);
    }

    /** Deletes the caches of earlier versions of the same file read with the same options (other keys). */
    private void removeStale(String source, String optionsKey, String key) throws IOException {
        List<Path> sidecars;
        try (var s = Files.list(dir)) {
            sidecars = s.filter(p -> p.getFileName().toString().endsWith(".json")).toList();
        }
        for (Path j : sidecars) {
            String name = j.getFileName().toString();
            String other = name.substring(0, name.length() - ".json".length());
            if (other.equals(key)) {
                continue;
            }
            try {
                JsonNode n = JSON.readTree(j.toFile());
                if (source.equals(n.path("source").asText()) && optionsKey.equals(n.path("options").asText())) {
                    Files.deleteIfExists(j);
                    Files.deleteIfExists(dir.resolve(other + ".rows"));
                    Files.deleteIfExists(dir.resolve(other + ".labels"));
                }
            } catch (IOException e) {
                // not ours or unreadable: leave it
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
