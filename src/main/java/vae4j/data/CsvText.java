package vae4j.data;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The text level of a CSV file, shared by every CSV reader: opening it (UTF-8, {@code .gz}, byte-order mark), the
 * Commons CSV format, records with the line each starts on, the header, and what counts as a missing value.
 */
final class CsvText implements AutoCloseable {
    /** RFC 4180, spaces around fields ignored, blank lines kept (so that every line read is counted) and skipped here. */
    static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setIgnoreSurroundingSpaces(true)
            .setIgnoreEmptyLines(false)
            .get();
    private static final int BUFFER = 1 << 16;

    private final Path csv;
    private final Reader reader;
    private final CSVParser parser;
    private final Iterator<CSVRecord> it;
    private final List<String> header;
    private long linesBefore;
    private CSVRecord pending;
    private long pendingLine;
    private long line;

    private CsvText(Path csv) throws IOException {
        this.csv = csv;
        this.reader = open(csv);
        try {
            this.parser = CSVParser.parse(reader, FORMAT);
            this.it = parser.iterator();
            this.header = readHeader();
        } catch (IOException | RuntimeException e) {
            reader.close();
            throw e;
        }
    }

    /**
     * Opens {@code csv} and reads its header.
     *
     * @throws DataFormatException for an empty file, a header with a duplicate name, or one that looks like another
     *                             separator
     */
    static CsvText read(Path csv) throws IOException {
        return new CsvText(csv);
    }

    /** The column names (an empty name becomes {@code Unnamed: N}, N from 0). */
    List<String> header() {
        return header;
    }

    /** Column name to position in the header. */
    Map<String, Integer> index() {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            index.put(header.get(i), i);
        }
        return index;
    }

    /** True when another record follows; blank lines are skipped; parse errors name the line. */
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

    /** The next record, after {@link #hasNext()}. */
    CSVRecord next() throws DataFormatException {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        CSVRecord r = pending;
        pending = null;
        line = pendingLine;
        return r;
    }

    /** The next data record, checked to have as many fields as the header. */
    CSVRecord nextRow() throws DataFormatException {
        CSVRecord r = next();
        if (r.size() != header.size()) {
            throw new DataFormatException(csv, "line " + line + " has " + r.size() + " fields, the header has "
                    + header.size());
        }
        return r;
    }

    /** The line the last record started on (1 = the first line of the file). */
    long line() {
        return line;
    }

    /** The position of {@code name} in the header, or an error naming what needed it and the columns there are. */
    int require(String name, String what) throws DataFormatException {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new DataFormatException(csv, "no column '" + name + "' for " + what + " (columns: "
                    + String.join(", ", header) + ")");
        }
        return i;
    }

    @Override
    public void close() throws IOException {
        try {
            parser.close();
        } finally {
            reader.close();
        }
    }

    /** Empty, {@code NA}, {@code NaN}, {@code nan} or {@code ?} (compared by length first: most fields are none). */
    static boolean isMissing(String v) {
        return switch (v.length()) {
            case 0 -> true;
            case 1 -> v.charAt(0) == '?';
            case 2 -> v.equals("NA");
            case 3 -> v.equals("NaN") || v.equals("nan");
            default -> false;
        };
    }

    private List<String> readHeader() throws IOException {
        if (!hasNext()) {
            throw new DataFormatException(csv, "empty file (expected a header row, then data rows)");
        }
        CSVRecord h = next();
        if (h.size() == 1) {
            for (String sep : List.of(";", "\t", "|")) {
                if (h.get(0).contains(sep)) {
                    throw new DataFormatException(csv, "line " + line + ": the header is one column '" + h.get(0)
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
                throw new DataFormatException(csv, "line " + line + ": column '" + n
                        + "' appears twice in the header (columns " + (before + 1) + " and " + (i + 1) + ")");
            }
            names.add(n);
        }
        return List.copyOf(names);
    }

    /** Opens a CSV as UTF-8 text ({@code .gz} decompressed), skipping a byte-order mark. */
    private static Reader open(Path csv) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(csv), BUFFER);
        if (csv.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
            in = new java.util.zip.GZIPInputStream(in, BUFFER);
        }
        PushbackReader r = new PushbackReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1);
        int c = r.read();
        if (c >= 0 && c != '\uFEFF') {
            r.unread(c);
        }
        return new BufferedReader(r, BUFFER);
    }
}
