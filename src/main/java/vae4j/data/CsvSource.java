package vae4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tables from CSV files ({@code .csv} or {@code .csv.gz}, UTF-8, a UTF-8 byte-order mark is skipped), parsed with
 * Apache Commons CSV (RFC 4180: commas, double quotes, quotes doubled inside quotes, line breaks inside quotes; spaces
 * around fields ignored; blank lines skipped). The first row is the header; an empty header name becomes
 * {@code Unnamed: N} (N from 0, as pandas names the index column it writes).
 *
 * <p><b>Typing</b>: a column whose every non-missing value is a finite decimal number is numeric, unless it has
 * exactly two distinct values: then binary (levels in numeric order, e.g. {@code 0, 1}); a text column with two
 * values is binary, with more categorical (levels sorted as strings); a column named in
 * {@link CsvOptions#categorical()} is categorical (levels in numeric order when all are numbers); a column with a
 * single value, or more than {@value #MAX_LEVELS} text values (an identifier?), is an error asking for
 * {@code --ignore}. Labels ({@link CsvOptions#labelColumn()}) are codes into the sorted distinct label values.
 * Missing values are empty fields, {@code NA}, {@code NaN}, {@code nan} and {@code ?}.
 *
 * <p><b>Rows</b>: the first read parses the file once ({@link CsvFirstRead}): raw rows (one float32 per feature
 * column: the number, or the level code; {@code NaN} for a value to be filled) go little-endian to
 * {@code <cacheDir>/<key>.rows}, the labels as int32 to {@code <key>.labels}, and the schema to {@code <key>.json},
 * each through a temporary file and a rename ({@link CsvRowCache}). The key is the SHA-256 of the file's absolute
 * path, size, modification time and the options; a later read with the same key parses nothing, and writing a new
 * cache removes the one of an earlier version of the same file and options. Rows files up to {@code inMemoryBytes}
 * are loaded into memory, larger ones are read on demand ({@link FileRows}), so files larger than memory work.
 *
 * <p>Reading gives a {@link RawTable}; {@link RawTable#fit} on the training rows gives the standardisation.
 * {@link #readWithSchema} reads new rows for a trained model, strictly against its stored columns.
 */
public final class CsvSource {
    /** Most levels a categorical column (or the label) may have. */
    public static final int MAX_LEVELS = 1000;
    /** Rows files up to this size are loaded into memory by default. */
    public static final long DEFAULT_IN_MEMORY_BYTES = 256L << 20;

    private final Path cacheDir;
    private final CsvRowCache cache;
    private final AtomicInteger passes = new AtomicInteger();

    /** @param cacheDir where the binary row caches go (created when needed), e.g. {@code $VAE4J_HOME/cache} */
    public CsvSource(Path cacheDir) {
        this(cacheDir, DEFAULT_IN_MEMORY_BYTES);
    }

    /** @param inMemoryBytes rows files up to this size are loaded into memory; larger ones stay on disk */
    public CsvSource(Path cacheDir, long inMemoryBytes) {
        this.cacheDir = cacheDir;
        this.cache = new CsvRowCache(cacheDir, inMemoryBytes);
    }

    /**
     * How many passes over rows this source has made to build caches: two per build (the one parse of the CSV text,
     * then the pass that finalises the binary cells in the cache file); a cache hit makes none.
     */
    public int parses() {
        return passes.get();
    }

    /** True for {@code .csv} and {@code .csv.gz} names. */
    public static boolean isCsv(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".csv") || n.endsWith(".csv.gz");
    }

    /**
     * Reads {@code csv} (from the cache when it holds this file with these options).
     *
     * @return the raw table: {@code [rows, features]} raw values, labels, schema
     * @throws DataFormatException naming the file, line and column of what is wrong
     */
    public RawTable read(Path csv, CsvOptions options) throws IOException {
        if (!Files.isRegularFile(csv)) {
            throw new NoSuchFileException(csv.toString(), null, "no such CSV file");
        }
        String key = CsvRowCache.key(csv, options);
        RawTable cached = cache.load(csv, key);
        if (cached != null) {
            return cached;
        }
        CsvRowCache.Pending pending = cache.start(key);
        try {
            passes.addAndGet(2);
            CsvRowCache.Contents contents = CsvFirstRead.read(csv, options, pending);
            cache.commit(csv, options, key, pending, contents);
        } finally {
            CsvRowCache.discard(pending);
        }
        RawTable t = cache.load(csv, key);
        if (t == null) {
            throw new IOException(csv + ": the cache just written to " + cacheDir + " could not be read back");
        }
        return new RawTable(t.name(), t.file(), t.schema(), t.rows(), t.labels(), t.classNames(), t.dropped(),
                t.missing(), false);
    }

    /**
     * Reads new rows for a model trained on {@code stored}: missing values are errors. See
     * {@link #readWithSchema(Path, TableFit, String, List)}.
     */
    public static RowDataset readWithSchema(Path csv, TableSpec stored, String labelColumn) throws IOException {
        return CsvSchemaReader.read(csv, new TableFit(stored, new float[stored.rawWidth()]), labelColumn, List.of(),
                false);
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
        return CsvSchemaReader.read(csv, fit, labelColumn, classNames, true);
    }
}
