package vae4j.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * Tables from CSV files ({@code .csv} or {@code .csv.gz}, UTF-8, a UTF-8 byte-order mark is skipped), parsed with
 * Apache Commons CSV (RFC 4180: commas, double quotes, quotes doubled inside quotes, line breaks inside quotes; spaces
 * around fields ignored; blank lines skipped). The first row is the header; an empty header name becomes
 * {@code Unnamed: N} (N from 0, as pandas names the index column it writes).
 *
 * <p><b>Typing</b> (pass 1 over the file): a column whose every non-missing value is a finite decimal number is
 * numeric, unless it has exactly two distinct values: then binary (levels in numeric order, e.g. {@code 0, 1});
 * a text column with two values is binary, with more categorical (levels sorted as strings); a column named in
 * {@link CsvOptions#categorical()} is categorical (levels in numeric order when all are numbers); a column with a
 * single value, or more than {@value #MAX_LEVELS} text values (an identifier?), is an error asking for
 * {@code --ignore}. Labels ({@link CsvOptions#labelColumn()}) are codes into the sorted distinct label values.
 * Missing values are empty fields, {@code NA}, {@code NaN}, {@code nan} and {@code ?}.
 *
 * <p><b>Rows</b> (pass 2): raw rows (one float32 per feature column: the number, or the level code; {@code NaN} for a
 * value to be filled) are written little-endian to {@code <cacheDir>/<key>.rows}, the labels as int32 to
 * {@code <key>.labels}, and the schema to {@code <key>.json}, each through a temporary file and a rename. The key is
 * the SHA-256 of the file's absolute path, size, modification time and the options; a later read with the same key
 * parses nothing, and writing a new cache removes the one of an earlier version of the same file and options. Rows
 * files up to {@code inMemoryBytes} are loaded into memory, larger ones are read on demand ({@link FileRows}), so
 * files larger than memory work.
 *
 * <p>Reading gives a {@link RawTable}; {@link RawTable#fit} on the training rows gives the standardisation.
 * {@link #readWithSchema} reads new rows for a trained model, strictly against its stored columns.
 */
public final class CsvSource {
    /** Most levels a categorical column (or the label) may have. */
    public static final int MAX_LEVELS = 1000;
    /** Rows files up to this size are loaded into memory by default. */
    public static final long DEFAULT_IN_MEMORY_BYTES = 256L << 20;
    static final int CACHE_VERSION = 1;

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setIgnoreSurroundingSpaces(true)
            .setIgnoreEmptyLines(false)
            .get();
    private static final Set<String> MISSING = Set.of("", "NA", "NaN", "nan", "?");

    private final Path cacheDir;
    private final long inMemoryBytes;
    private final AtomicInteger parses = new AtomicInteger();

    /** @param cacheDir where the binary row caches go (created when needed), e.g. {@code $VAE4J_HOME/cache} */
    public CsvSource(Path cacheDir) {
        this(cacheDir, DEFAULT_IN_MEMORY_BYTES);
    }

    /** @param inMemoryBytes rows files up to this size are loaded into memory; larger ones stay on disk */
    public CsvSource(Path cacheDir, long inMemoryBytes) {
        this.cacheDir = cacheDir;
        this.inMemoryBytes = inMemoryBytes;
    }

    /** How many times this source has parsed a CSV file (each pass counts); a cache hit parses nothing. */
    public int parses() {
        return parses.get();
    }

    /** True for {@code .csv} and {@code .csv.gz} names. */
    public static boolean isCsv(Path file) {
        String n = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return n.endsWith(".csv") || n.endsWith(".csv.gz");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Reading with inferred types

    /**
     * Reads {@code csv} (from the cache when it holds this file with these options).
     *
     * @return the raw table: {@code [rows, features]} raw values, labels, schema
     * @throws DataFormatException naming the file, line and column of what is wrong
     */
    public RawTable read(Path csv, CsvOptions options) throws IOException {
        if (!Files.isRegularFile(csv)) {
            throw new java.nio.file.NoSuchFileException(csv.toString(), null, "no such CSV file");
        }
        String key = cacheKey(csv, options);
        RawTable cached = fromCache(csv, key);
        if (cached != null) {
            return cached;
        }
        Schema schema = inferSchema(csv, options);
        writeCache(csv, options, schema, key);
        RawTable t = fromCache(csv, key);
        if (t == null) {
            throw new IOException(csv + ": the cache just written to " + cacheDir + " could not be read back");
        }
        return new RawTable(t.name(), t.file(), t.schema(), t.rows(), t.labels(), t.classNames(), t.dropped(),
                t.missing(), false);
    }

    /** The cache key: SHA-256 of the absolute path, size, modification time and options. */
    static String cacheKey(Path csv, CsvOptions options) throws IOException {
        BasicFileAttributes a = Files.readAttributes(csv, BasicFileAttributes.class);
        String id = "vae4j-csv v" + CACHE_VERSION + "\n" + csv.toAbsolutePath().normalize() + "\n" + a.size() + "\n"
                + a.lastModifiedTime().toInstant() + "\n" + options.key();
        return Hashing.sha256Hex(id.getBytes(StandardCharsets.UTF_8));
    }

    /** What pass 1 learns: the header, which columns are features, their types and levels, the label values. */
    private record Schema(List<String> header, int[] featureIndex, List<Column> columns,
                          List<Map<String, Integer>> codes, int labelIndex, List<String> classNames, Map<String, Integer> labelCodes, long rows,
                          long dropped, long missing) {
    }

    /** Per-column statistics of pass 1. */
    private static final class ColumnStats {
        final String name;
        final boolean forced;
        boolean numeric = true;
        long present;
        final double[] numbers = new double[3];
        final String[] numberText = new String[3];
        int distinctNumbers;
        final Map<String, Long> text = new HashMap<>();
        boolean overflow;

        ColumnStats(String name, boolean forced) {
            this.name = name;
            this.forced = forced;
        }

        void add(String v) {
            present++;
            if (numeric && distinctNumbers == 3 && v.indexOf('e') < 0 && v.indexOf('E') < 0) {
                // past 3 distinct numbers only "is it a number?" matters: the syntax check is enough (no exponent,
                // no overflow to infinity), Double.parseDouble is skipped
                if (!isDecimal(v)) {
                    numeric = false;
                }
            } else if (numeric) {
                double d = parseNumber(v);
                if (Double.isNaN(d)) {
                    numeric = false;
                } else if (distinctNumbers < 3) {
                    boolean seen = false;
                    for (int i = 0; i < distinctNumbers; i++) {
                        if (numbers[i] == d) {
                            seen = true;
                            break;
                        }
                    }
                    if (!seen) {
                        numbers[distinctNumbers] = d;
                        numberText[distinctNumbers++] = v;
                    }
                }
            }
            if (!overflow) {
                text.merge(v, 1L, Long::sum);
                if (text.size() > MAX_LEVELS) {
                    overflow = true;
                    text.clear();
                }
            }
        }
    }

    private Schema inferSchema(Path csv, CsvOptions options) throws IOException {
        parses.incrementAndGet();
        try (Reader r = open(csv); CSVParser p = CSVParser.parse(r, FORMAT)) {
            Records it = new Records(csv, p);
            List<String> header = header(csv, it);
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                index.put(header.get(i), i);
            }
            for (String c : options.categorical()) {
                requireColumn(csv, index, header, c, "--categorical");
            }
            for (String c : options.ignore()) {
                requireColumn(csv, index, header, c, "--ignore");
            }
            int labelIndex = -1;
            if (options.labelColumn() != null) {
                labelIndex = requireColumn(csv, index, header, options.labelColumn(), "the label");
            }
            List<Integer> features = new ArrayList<>();
            for (int i = 0; i < header.size(); i++) {
                if (i != labelIndex && !options.ignore().contains(header.get(i))) {
                    features.add(i);
                }
            }
            if (features.isEmpty()) {
                throw new DataFormatException(csv, "no feature columns are left (header: " + String.join(", ", header)
                        + ")");
            }
            ColumnStats[] stats = new ColumnStats[features.size()];
            for (int k = 0; k < stats.length; k++) {
                String n = header.get(features.get(k));
                stats[k] = new ColumnStats(n, options.categorical().contains(n));
            }
            ColumnStats label = labelIndex < 0 ? null : new ColumnStats(options.labelColumn(), true);
            long rows = 0;
            long dropped = 0;
            long missing = 0;
            while (it.hasNext()) {
                CSVRecord rec = it.next();
                long line = it.line();
                checkWidth(csv, rec, line, header.size());
                int absent = firstMissing(rec, features, labelIndex);
                if (absent >= 0) {
                    if (options.missing() == CsvOptions.Missing.DROP) {
                        dropped++;
                        continue;
                    }
                    if (options.missing() == CsvOptions.Missing.ERROR || absent == labelIndex) {
                        throw DataFormatException.at(csv, line, header.get(absent), absent == labelIndex
                                ? "missing label (use --missing drop to drop such rows)"
                                : "missing value (use --missing mean or --missing drop)");
                    }
                }
                for (int k = 0; k < stats.length; k++) {
                    String v = rec.get(features.get(k));
                    if (isMissing(v)) {
                        missing++;
                    } else {
                        stats[k].add(v);
                    }
                }
                if (label != null) {
                    label.add(rec.get(labelIndex));
                }
                rows++;
            }
            if (rows == 0) {
                throw new DataFormatException(csv, dropped > 0 ? "every row (" + dropped
                        + ") has a missing value and was dropped" : "no data rows after the header");
            }
            if (rows > Integer.MAX_VALUE - 8) {
                throw new DataFormatException(csv, rows + " rows is more than this reader supports ("
                        + (Integer.MAX_VALUE - 8) + ")");
            }
            List<Column> columns = new ArrayList<>();
            List<Map<String, Integer>> codes = new ArrayList<>();
            for (ColumnStats s : stats) {
                Column c = type(csv, s);
                columns.add(c);
                codes.add(c.kind() == ColumnKind.NUMERIC ? null : codeMap(c.levels()));
            }
            List<String> classNames = List.of();
            Map<String, Integer> labelCodes = null;
            if (label != null) {
                if (label.overflow) {
                    throw new DataFormatException(csv, "the label column '" + label.name + "' has more than "
                            + MAX_LEVELS + " distinct values; labels name classes");
                }
                classNames = sortedLevels(label.text.keySet());
                labelCodes = codeMap(classNames);
            }
            int[] fi = features.stream().mapToInt(Integer::intValue).toArray();
            return new Schema(header, fi, columns, codes, labelIndex, classNames, labelCodes, rows, dropped,
                    options.missing() == CsvOptions.Missing.MEAN ? missing : 0);
        }
    }

    private static Column type(Path csv, ColumnStats s) throws DataFormatException {
        if (s.present == 0) {
            throw new DataFormatException(csv, "column '" + s.name + "' has no values (use --ignore " + s.name + ")");
        }
        if (s.numeric && !s.forced) {
            if (s.distinctNumbers == 2) {
                int lo = s.numbers[0] < s.numbers[1] ? 0 : 1;
                return Column.coded(s.name, List.of(s.numberText[lo], s.numberText[1 - lo]), false);
            }
            return Column.numeric(s.name, 0, 1);
        }
        if (s.overflow) {
            throw new DataFormatException(csv, "column '" + s.name + "' has more than " + MAX_LEVELS
                    + " distinct text values (an identifier? use --ignore " + s.name + ")");
        }
        if (s.text.size() < 2) {
            throw new DataFormatException(csv, "column '" + s.name + "' has a single value '"
                    + s.text.keySet().iterator().next() + "': nothing to model (use --ignore " + s.name + ")");
        }
        List<String> levels = sortedLevels(s.text.keySet());
        return Column.coded(s.name, levels, s.forced || levels.size() > 2);
    }

    /** Numbers in numeric order when every level is a number, else strings in {@link String#compareTo} order. */
    static List<String> sortedLevels(Set<String> values) {
        List<String> l = new ArrayList<>(values);
        boolean numbers = l.stream().allMatch(v -> !Double.isNaN(parseNumber(v)));
        l.sort(numbers ? Comparator.<String>comparingDouble(CsvSource::parseNumber).thenComparing(v -> v)
                : Comparator.naturalOrder());
        return l;
    }

    private static Map<String, Integer> codeMap(List<String> levels) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < levels.size(); i++) {
            m.put(levels.get(i), i);
        }
        return m;
    }

    private void writeCache(Path csv, CsvOptions options, Schema s, String key) throws IOException {
        Files.createDirectories(cacheDir);
        Path rowsTmp = Files.createTempFile(cacheDir, key, ".rows.tmp");
        Path labelsTmp = Files.createTempFile(cacheDir, key, ".labels.tmp");
        Path jsonTmp = Files.createTempFile(cacheDir, key, ".json.tmp");
        try {
            parses.incrementAndGet();
            int w = s.columns().size();
            ByteBuffer row = ByteBuffer.allocate(4 * w).order(ByteOrder.LITTLE_ENDIAN);
            long written = 0;
            List<Integer> featureList = toList(s.featureIndex());
            try (Reader r = open(csv); CSVParser p = CSVParser.parse(r, FORMAT);
                 OutputStream out = new BufferedOutputStream(Files.newOutputStream(rowsTmp), 1 << 16);
                 DataOutputStream labels = new DataOutputStream(new BufferedOutputStream(
                         Files.newOutputStream(labelsTmp), 1 << 16))) {
                Records it = new Records(csv, p);
                List<String> header = header(csv, it);
                if (!header.equals(s.header())) {
                    throw new DataFormatException(csv, "the header changed while the file was being read");
                }
                while (it.hasNext()) {
                    CSVRecord rec = it.next();
                    long line = it.line();
                    checkWidth(csv, rec, line, header.size());
                    if (options.missing() == CsvOptions.Missing.DROP
                            && firstMissing(rec, featureList, s.labelIndex()) >= 0) {
                        continue;
                    }
                    row.clear();
                    for (int k = 0; k < w; k++) {
                        String v = rec.get(s.featureIndex()[k]);
                        Column c = s.columns().get(k);
                        row.putFloat(isMissing(v) ? Float.NaN
                                : rawValue(csv, line, c, s.codes().get(k), v, false));
                    }
                    out.write(row.array(), 0, row.position());
                    if (s.labelIndex() >= 0) {
                        String v = rec.get(s.labelIndex());
                        Integer code = s.labelCodes().get(v);
                        if (code == null) {
                            throw DataFormatException.at(csv, line, header.get(s.labelIndex()),
                                    "label '" + v + "' was not seen in the first pass (did the file change?)");
                        }
                        labels.writeInt(Integer.reverseBytes(code));
                    }
                    written++;
                }
            }
            if (written != s.rows()) {
                throw new DataFormatException(csv, "the first pass counted " + s.rows() + " rows, the second "
                        + written + " (did the file change while it was read?)");
            }
            ObjectNode json = JSON.createObjectNode();
            json.put("format", "vae4j raw table cache");
            json.put("version", CACHE_VERSION);
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
            if (s.labelIndex() >= 0) {
                json.put("labelColumn", s.header().get(s.labelIndex()));
                ArrayNode cn = json.putArray("classNames");
                s.classNames().forEach(cn::add);
            }
            JSON.writerWithDefaultPrettyPrinter().writeValue(jsonTmp.toFile(), json);
            removeStale(json.path("source").asText(), options.key(), key);
            move(rowsTmp, cacheDir.resolve(key + ".rows"));
            move(labelsTmp, cacheDir.resolve(key + ".labels"));
            move(jsonTmp, cacheDir.resolve(key + ".json"));
        } finally {
            Files.deleteIfExists(rowsTmp);
            Files.deleteIfExists(labelsTmp);
            Files.deleteIfExists(jsonTmp);
        }
    }

    /** Deletes the caches of earlier versions of the same file read with the same options (other keys). */
    private void removeStale(String source, String optionsKey, String key) throws IOException {
        List<Path> sidecars;
        try (var s = Files.list(cacheDir)) {
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
                    Files.deleteIfExists(cacheDir.resolve(other + ".rows"));
                    Files.deleteIfExists(cacheDir.resolve(other + ".labels"));
                }
            } catch (IOException e) {
                // not ours or unreadable: leave it
            }
        }
    }

    private static List<Integer> toList(int[] a) {
        List<Integer> l = new ArrayList<>(a.length);
        for (int v : a) {
            l.add(v);
        }
        return l;
    }

    /** The cached table for {@code key}, or null when there is none or it is incomplete. */
    private RawTable fromCache(Path csv, String key) throws IOException {
        Path json = cacheDir.resolve(key + ".json");
        Path rowsFile = cacheDir.resolve(key + ".rows");
        Path labelsFile = cacheDir.resolve(key + ".labels");
        if (!Files.isRegularFile(json) || !Files.isRegularFile(rowsFile)) {
            return null;
        }
        JsonNode j;
        try {
            j = JSON.readTree(json.toFile());
        } catch (IOException e) {
            return null;
        }
        if (j.path("version").asInt() != CACHE_VERSION || !key.equals(j.path("key").asText())) {
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

    // ---------------------------------------------------------------------------------------------------------------
    // Reading new rows against a stored schema

    /**
     * Reads new rows for a model trained on {@code stored}: missing values are errors. See
     * {@link #readWithSchema(Path, TableFit, String, List)}.
     */
    public static RowDataset readWithSchema(Path csv, TableSpec stored, String labelColumn) throws IOException {
        return readWithSchema(csv, new TableFit(stored, new float[stored.rawWidth()]), labelColumn, List.of(), false);
    }

    /**
     * Reads new rows (to encode or score) for a model fitted as {@code fit}: columns are matched by name (extra
     * columns are ignored; a missing one is an error naming it), numbers parsed strictly, levels must be known,
     * missing values are filled with {@code fit}'s values. Rows are held in memory.
     *
     * @param labelColumn the label column; labels are read when the file has it (null: none)
     * @param classNames  the label values of the training data (codes index it); empty: the sorted values found here
     * @return model-space rows ({@code [rows, spec.features()]}) with labels when present
     */
    public static RowDataset readWithSchema(Path csv, TableFit fit, String labelColumn, List<String> classNames)
            throws IOException {
        return readWithSchema(csv, fit, labelColumn, classNames, true);
    }

    private static RowDataset readWithSchema(Path csv, TableFit fit, String labelColumn, List<String> classNames,
                                             boolean fillMissing) throws IOException {
        TableSpec stored = fit.spec();
        try (Reader r = open(csv); CSVParser p = CSVParser.parse(r, FORMAT)) {
            Records it = new Records(csv, p);
            List<String> header = header(csv, it);
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                index.put(header.get(i), i);
            }
            int w = stored.rawWidth();
            int[] at = new int[w];
            List<Map<String, Integer>> codes = new ArrayList<>();
            for (int k = 0; k < w; k++) {
                Column c = stored.columns().get(k);
                Integer i = index.get(c.name());
                if (i == null) {
                    throw new DataFormatException(csv, "no column '" + c.name() + "' (the model was trained on "
                            + String.join(", ", stored.columns().stream().map(Column::name).toList())
                            + "; this file has " + String.join(", ", header) + ")");
                }
                at[k] = i;
                codes.add(c.kind() == ColumnKind.NUMERIC ? null : codeMap(c.levels()));
            }
            int labelIndex = labelColumn == null ? -1 : index.getOrDefault(labelColumn, -1);
            Map<String, Integer> labelCodes = classNames.isEmpty() ? new HashMap<>() : codeMap(classNames);
            List<String> labelText = new ArrayList<>();
            FloatArray values = new FloatArray();
            float[] row = new float[w];
            while (it.hasNext()) {
                CSVRecord rec = it.next();
                long line = it.line();
                checkWidth(csv, rec, line, header.size());
                for (int k = 0; k < w; k++) {
                    String v = rec.get(at[k]);
                    Column c = stored.columns().get(k);
                    if (isMissing(v)) {
                        if (!fillMissing) {
                            throw DataFormatException.at(csv, line, c.name(), "missing value");
                        }
                        row[k] = fit.fill()[k];
                    } else {
                        row[k] = rawValue(csv, line, c, codes.get(k), v, true);
                    }
                }
                values.add(row);
                if (labelIndex >= 0) {
                    String v = rec.get(labelIndex);
                    if (isMissing(v)) {
                        throw DataFormatException.at(csv, line, labelColumn, "missing label");
                    }
                    if (!classNames.isEmpty() && !labelCodes.containsKey(v)) {
                        throw DataFormatException.at(csv, line, labelColumn, "unknown label '" + v + "' (known: "
                                + String.join(", ", classNames) + ")");
                    }
                    labelText.add(v);
                }
            }
            if (values.rows(w) == 0) {
                throw new DataFormatException(csv, "no data rows after the header");
            }
            int[] labels = null;
            List<String> names = classNames;
            if (labelIndex >= 0) {
                if (classNames.isEmpty()) {
                    names = sortedLevels(new HashSet<>(labelText));
                    labelCodes = codeMap(names);
                }
                labels = new int[labelText.size()];
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = labelCodes.get(labelText.get(i));
                }
            }
            return fit.dataset(csv.getFileName().toString(), new FloatRows(values.toArray(), w), labels, names);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Shared helpers

    /**
     * The raw value of one field: the number of a numeric column, the code of a level otherwise.
     *
     * @param known true for schema-bound reading (messages speak of unknown categories)
     */
    private static float rawValue(Path csv, long line, Column c, Map<String, Integer> codes, String v, boolean known)
            throws DataFormatException {
        if (c.kind() == ColumnKind.NUMERIC) {
            double d = parseNumber(v);
            if (Double.isNaN(d)) {
                throw DataFormatException.at(csv, line, c.name(), "'" + v + "' is not a number");
            }
            return (float) d;
        }
        Integer code = codes.get(v);
        if (code == null) {
            double d = parseNumber(v);
            if (!Double.isNaN(d)) {
                for (int i = 0; i < c.levels().size(); i++) {
                    if (parseNumber(c.levels().get(i)) == d) {
                        return i;
                    }
                }
            }
            String list = String.join(", ", c.levels());
            throw DataFormatException.at(csv, line, c.name(), c.kind() == ColumnKind.BINARY
                    ? "'" + v + "' is neither of the binary column's values (" + list + ")"
                    : "unknown category '" + v + "' (known: " + list + ")");
        }
        return code;
    }

    static boolean isMissing(String v) {
        return MISSING.contains(v);
    }

    /**
     * A finite decimal number ({@code [+-]digits[.digits][(e|E)[+-]digits]}, digits on at least one side of the
     * point), or {@code NaN} for anything else: no hexadecimal, no {@code Infinity}, no Java suffixes, no spaces.
     */
    static double parseNumber(String s) {
        if (!isDecimal(s)) {
            return Double.NaN;
        }
        double d = Double.parseDouble(s);
        return Double.isFinite(d) ? d : Double.NaN;
    }

    /** The syntax {@link #parseNumber} accepts. */
    static boolean isDecimal(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exp = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                exp++;
            }
            if (exp == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int requireColumn(Path csv, Map<String, Integer> index, List<String> header, String name,
                                     String what) throws DataFormatException {
        Integer i = index.get(name);
        if (i == null) {
            throw new DataFormatException(csv, "no column '" + name + "' for " + what + " (columns: "
                    + String.join(", ", header) + ")");
        }
        return i;
    }

    private static void checkWidth(Path csv, CSVRecord rec, long line, int width) throws DataFormatException {
        if (rec.size() != width) {
            throw new DataFormatException(csv, "line " + line + " has " + rec.size() + " fields, the header has "
                    + width);
        }
    }

    /** The first feature or label column missing a value in {@code rec}, or -1. */
    private static int firstMissing(CSVRecord rec, List<Integer> features, int labelIndex) {
        for (int i : features) {
            if (isMissing(rec.get(i))) {
                return i;
            }
        }
        return labelIndex >= 0 && isMissing(rec.get(labelIndex)) ? labelIndex : -1;
    }

    private static List<String> header(Path csv, Records it) throws IOException {
        if (!it.hasNext()) {
            throw new DataFormatException(csv, "empty file (expected a header row, then data rows)");
        }
        CSVRecord h = it.next();
        if (h.size() == 1) {
            for (String sep : List.of(";", "\t", "|")) {
                if (h.get(0).contains(sep)) {
                    throw new DataFormatException(csv, "line " + it.line() + ": the header is one column '" + h.get(0)
                            + "': the file seems to separate fields with '" + (sep.equals("\t") ? "\\t" : sep)
                            + "', but only commas are read");
                }
            }
        }
        List<String> names = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < h.size(); i++) {
            String n = h.get(i);
            if (n.isEmpty()) {
                n = "Unnamed: " + i;
            }
            Integer before = seen.put(n, i);
            if (before != null) {
                throw new DataFormatException(csv, "line " + it.line() + ": column '" + n
                        + "' appears twice in the header (columns " + (before + 1) + " and " + (i + 1) + ")");
            }
            names.add(n);
        }
        return names;
    }

    /** Opens a CSV as UTF-8 text ({@code .gz} decompressed), skipping a byte-order mark. */
    static Reader open(Path csv) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(csv), 1 << 16);
        if (csv.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        PushbackReader r = new PushbackReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1);
        int c = r.read();
        if (c >= 0 && c != '\uFEFF') {
            r.unread(c);
        }
        return new java.io.BufferedReader(r, 1 << 16);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Records with the line each starts on; blank lines are skipped here (the parser is told to keep them, so that
     * every line it reads is counted); Commons CSV's parse errors become {@link DataFormatException}s.
     */
    private static final class Records {
        private final Path csv;
        private final CSVParser parser;
        private final Iterator<CSVRecord> it;
        private long linesBefore;
        private CSVRecord pending;
        private long pendingLine;
        private long line;

        Records(Path csv, CSVParser parser) {
            this.csv = csv;
            this.parser = parser;
            this.it = parser.iterator();
        }

        boolean hasNext() throws DataFormatException {
            try {
                while (pending == null) {
                    if (!it.hasNext()) {
                        return false;
                    }
                    CSVRecord r = it.next();
                    long start = linesBefore + 1;
                    linesBefore = parser.getCurrentLineNumber();
                    if (r.size() == 1 && r.get(0).isEmpty()) {
                        continue;
                    }
                    pending = r;
                    pendingLine = start;
                }
                return true;
            } catch (UncheckedIOException | IllegalStateException e) {
                throw new DataFormatException(csv, "line " + (linesBefore + 1) + ": "
                        + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
            }
        }

        CSVRecord next() throws DataFormatException {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            CSVRecord r = pending;
            pending = null;
            line = pendingLine;
            return r;
        }

        /** The line the last record started on (1 = the first line of the file). */
        long line() {
            return line;
        }
    }

    /** A growing float array (rows read into memory). */
    private static final class FloatArray {
        private float[] a = new float[1024];
        private int n;

        void add(float[] row) {
            if (n + row.length > a.length) {
                long cap = Math.max((long) a.length * 2, (long) n + row.length);
                if (cap > Integer.MAX_VALUE - 8) {
                    throw new IllegalStateException("more than 2^31 values: too many rows to hold in memory");
                }
                a = java.util.Arrays.copyOf(a, (int) cap);
            }
            System.arraycopy(row, 0, a, n, row.length);
            n += row.length;
        }

        int rows(int w) {
            return n / w;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
