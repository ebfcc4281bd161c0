package vae4j.data;

import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The first read of a CSV file, in one pass over its text (parsed on a second thread, {@link CsvRecordFeed}): every
 * field is turned into a provisional cell ({@link CsvColumnScan}) and written straight to the cache's rows file, so
 * the data may be larger than memory; when the pass is over, the columns are typed and a second, sequential pass over the rows file (binary, 4 bytes a field,
 * no parsing) rewrites each provisional cell in place as its final value. Labels go the same way to the labels file.
 */
final class CsvFirstRead {
    private static final int BUFFER = 1 << 20;

    private CsvFirstRead() {
    }

    /**
     * Reads {@code csv} into the pending cache files.
     *
     * @return the columns, classes and counts for the cache's sidecar
     * @throws DataFormatException naming the file, line and column of what is wrong
     */
    static CsvRowCache.Contents read(Path csv, CsvOptions options, CsvRowCache.Pending out) throws IOException {
        List<String> header;
        int[] features;
        int labelIndex = -1;
        CsvColumnScan[] scans;
        CsvColumnScan label = null;
        long rows = 0;
        long dropped = 0;
        long missing = 0;
        CsvText text = CsvText.read(csv);
        try (CsvRecordFeed feed = new CsvRecordFeed(text);
             Cells cells = new Cells(out.rows());
             Cells labels = new Cells(out.labels())) {
            header = text.header();
            for (String c : options.categorical()) {
                text.require(c, "--categorical");
            }
            for (String c : options.ignore()) {
                text.require(c, "--ignore");
            }
            if (options.labelColumn() != null) {
                labelIndex = text.require(options.labelColumn(), "the label");
            }
            List<Integer> f = new ArrayList<>();
            for (int i = 0; i < header.size(); i++) {
                if (i != labelIndex && !options.ignore().contains(header.get(i))) {
                    f.add(i);
                }
            }
            if (f.isEmpty()) {
                throw new DataFormatException(csv, "no feature columns are left (header: " + String.join(", ", header)
                        + ")");
            }
            features = f.stream().mapToInt(Integer::intValue).toArray();
            scans = new CsvColumnScan[features.length];
            for (int k = 0; k < scans.length; k++) {
                String n = header.get(features[k]);
                scans[k] = new CsvColumnScan(n, options.categorical().contains(n));
            }
            if (labelIndex >= 0) {
                label = new CsvColumnScan(options.labelColumn(), true);
            }
            boolean drop = options.missing() == CsvOptions.Missing.DROP;
            boolean error = options.missing() == CsvOptions.Missing.ERROR;
            while (feed.hasNext()) {
                CSVRecord rec = feed.next();
                if (drop && firstMissing(rec, features, labelIndex) >= 0) {
                    dropped++;
                    continue;
                }
                for (int k = 0; k < scans.length; k++) {
                    String v = rec.get(features[k]);
                    if (CsvText.isMissing(v)) {
                        if (error) {
                            throw DataFormatException.at(csv, feed.line(), scans[k].name,
                                    "missing value (use --missing mean or --missing drop)");
                        }
                        missing++;
                        cells.put(CsvColumnScan.MISSING);
                    } else {
                        cells.put(scans[k].add(v));
                    }
                }
                if (label != null) {
                    String v = rec.get(labelIndex);
                    if (CsvText.isMissing(v)) {
                        throw DataFormatException.at(csv, feed.line(), label.name,
                                "missing label (use --missing drop to drop such rows)");
                    }
                    labels.put(label.add(v));
                }
                rows++;
            }
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
        int[][] finals = new int[scans.length][];
        float[] low = new float[scans.length];
        for (int k = 0; k < scans.length; k++) {
            Column c = scans[k].type(csv);
            columns.add(c);
            finals[k] = scans[k].finalCells(csv, c);
            low[k] = scans[k].lowNumber(c);
        }
        List<String> classNames = null;
        if (label != null) {
            classNames = label.classNames(csv);
            int[] codes = label.finalCodes(classNames);
            rewrite(out.labels(), new int[][] {codes}, null);
        }
        rewrite(out.rows(), finals, low);
        return new CsvRowCache.Contents(columns, label == null ? null : options.labelColumn(), classNames, rows,
                dropped, options.missing() == CsvOptions.Missing.MEAN ? missing : 0);
    }

    /** The first feature or label column missing a value in {@code rec}, or -1. */
    private static int firstMissing(CSVRecord rec, int[] features, int labelIndex) {
        for (int i : features) {
            if (CsvText.isMissing(rec.get(i))) {
                return i;
            }
        }
        return labelIndex >= 0 && CsvText.isMissing(rec.get(labelIndex)) ? labelIndex : -1;
    }

    /**
     * Rewrites a file of provisional cells in place: cell {@code i} belongs to column {@code i % finals.length};
     * a text code becomes {@code finals[column][code]}, a number in a binary column becomes its level's code (see
     * {@link CsvColumnScan#lowNumber}), missing cells and other numbers stay.
     *
     * @param low per column, {@link CsvColumnScan#lowNumber}; null for labels (every cell a code)
     */
    private static void rewrite(Path file, int[][] finals, float[] low) throws IOException {
        int w = finals.length;
        ByteBuffer b = ByteBuffer.allocate(BUFFER).order(ByteOrder.LITTLE_ENDIAN); // k runs on across blocks
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long pos = 0;
            int k = 0;
            while (true) {
                b.clear();
                while (b.hasRemaining() && ch.read(b, pos + b.position()) >= 0) {
                    // fill the buffer
                }
                int n = b.position();
                if (n == 0) {
                    break;
                }
                for (int at = 0; at < n; at += 4) {
                    int cell = b.getInt(at);
                    if (CsvColumnScan.isCode(cell)) {
                        b.putInt(at, finals[k][CsvColumnScan.code(cell)]);
                    } else if (low == null) {
                        throw new IllegalStateException("label cell without a code at byte " + (pos + at));
                    } else if (!Float.isNaN(low[k]) && cell != CsvColumnScan.MISSING) {
                        b.putFloat(at, Float.intBitsToFloat(cell) == low[k] ? 0f : 1f);
                    }
                    if (++k == w) {
                        k = 0;
                    }
                }
                b.flip();
                while (b.hasRemaining()) {
                    ch.write(b, pos + b.position());
                }
                pos += n;
                if (n < b.capacity()) {
                    break;
                }
            }
        }
    }

    /** Provisional cells written little-endian through a large buffer. */
    private static final class Cells implements AutoCloseable {
        private final FileChannel ch;
        private final ByteBuffer b = ByteBuffer.allocate(BUFFER).order(ByteOrder.LITTLE_ENDIAN);

        Cells(Path file) throws IOException {
            ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        }

        void put(int cell) throws IOException {
            if (!b.hasRemaining()) {
                flush();
            }
            b.putInt(cell);
        }

        private void flush() throws IOException {
            b.flip();
            while (b.hasRemaining()) {
                ch.write(b);
            }
            b.clear();
        }

        @Override
        public void close() throws IOException {
            try {
                flush();
            } finally {
                ch.close();
            }
        }
    }
}
