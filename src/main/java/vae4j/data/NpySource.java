package vae4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0), read in place: the data is never loaded whole, rows
 * are read on demand through {@link FileRows}.
 *
 * <ul>
 *   <li>{@code [n, d]} → a table of {@code d} numeric columns {@code x0 .. x(d-1)} ({@link RawTable}; fit the
 *       standardisation on the training rows);</li>
 *   <li>{@code [n, h, w]} → 1-channel images; {@code [n, c, h, w]} (channels first, {@code c} 1 or 3) → images.
 *       {@code uint8} images are scaled by 1/255; float images must already lie in [0, 1].</li>
 * </ul>
 * Accepted dtypes: {@code <f4}, {@code >f4}, {@code <f8}, {@code >f8}, {@code |u1}. C order only. The file must hold
 * exactly the bytes its shape needs (a shorter file is truncated, a longer one has trailing bytes: both errors). The
 * first {@value #CHECKED_ROWS} rows are checked when the file is opened: finite values, and for float images values
 * in [0, 1]; rows after those are not checked (a NaN further on in a table is treated as a missing value).
 *
 * <p>Labels, optional: a 1-D {@code .npy} of {@code n} non-negative integers ({@code <i4}, {@code <i8},
 * {@code |u1}); the class names are {@code "0" .. max}.
 */
public final class NpySource {
    /** Rows checked for range and finiteness when a file is opened. */
    public static final int CHECKED_ROWS = 1024;

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpySource() {
    }

    /**
     * A parsed {@code .npy} header.
     *
     * @param descr        the dtype string, e.g. {@code <f4}
     * @param fortranOrder true for column-major data
     * @param shape        the array's shape
     * @param dataOffset   the byte where the data starts
     */
    public record Header(String descr, boolean fortranOrder, long[] shape, long dataOffset) {
        /** Elements in the array. */
        public long elements() {
            long n = 1;
            for (long s : shape) {
                n = Math.multiplyExact(n, s);
            }
            return n;
        }

        public String shapeText() {
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < shape.length; i++) {
                sb.append(i > 0 ? ", " : "").append(shape[i]);
            }
            return sb.append(shape.length == 1 ? ",)" : ")").toString();
        }
    }

    /**
     * What a {@code .npy} file holds: a raw table ({@code [n, d]}) or images; exactly one is non-null.
     *
     * @param table  {@code [n, d]} data
     * @param images {@code [n, h, w]} or {@code [n, c, h, w]} data, in model space
     */
    public record Loaded(RawTable table, RowDataset images) {
    }

    private record Dt(FileRows.DType type, ByteOrder order) {
    }

    /** Reads and checks the header of {@code file} (not the data). */
    public static Header readHeader(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] pre = in.readNBytes(8);
            if (pre.length < 8 || !Arrays.equals(Arrays.copyOf(pre, 6), MAGIC)) {
                throw new DataFormatException(file, "not a NumPy .npy file (it does not start with \\x93NUMPY)");
            }
            int major = pre[6] & 0xff;
            int minor = pre[7] & 0xff;
            long headerLength;
            int lengthBytes;
            if (major == 1) {
                byte[] l = in.readNBytes(2);
                if (l.length < 2) {
                    throw new DataFormatException(file, "truncated header");
                }
                headerLength = (l[0] & 0xff) | (l[1] & 0xff) << 8;
                lengthBytes = 2;
            } else if (major == 2 || major == 3) {
                byte[] l = in.readNBytes(4);
                if (l.length < 4) {
                    throw new DataFormatException(file, "truncated header");
                }
                headerLength = ByteBuffer.wrap(l).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
                lengthBytes = 4;
            } else {
                throw new DataFormatException(file, "NumPy format version " + major + "." + minor
                        + " is not supported (1.0, 2.0 and 3.0 are)");
            }
            if (headerLength > 1 << 20) {
                throw new DataFormatException(file, "header length " + headerLength + " is implausible");
            }
            byte[] h = in.readNBytes((int) headerLength);
            if (h.length < headerLength) {
                throw new DataFormatException(file, "truncated header (" + h.length + " of " + headerLength
                        + " bytes)");
            }
            String text = new String(h, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            Matcher d = DESCR.matcher(text);
            Matcher f = FORTRAN.matcher(text);
            Matcher s = SHAPE.matcher(text);
            if (!d.find() || !f.find() || !s.find()) {
                throw new DataFormatException(file, "header " + text.strip()
                        + " lacks 'descr', 'fortran_order' or 'shape'");
            }
            List<Long> dims = new ArrayList<>();
            for (String part : s.group(1).split(",")) {
                String p = part.strip();
                if (p.isEmpty()) {
                    continue;
                }
                try {
                    long v = Long.parseLong(p.endsWith("L") ? p.substring(0, p.length() - 1) : p);
                    if (v < 0) {
                        throw new NumberFormatException();
                    }
                    dims.add(v);
                } catch (NumberFormatException e) {
                    throw new DataFormatException(file, "bad shape (" + s.group(1) + ") in the header");
                }
            }
            long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
            return new Header(d.group(1), f.group(1).equals("True"), shape, 6 + 2 + lengthBytes + headerLength);
        }
    }

    /** Which {@link FileRows.DType} and byte order a descr denotes, or null when unsupported. */
    private static Dt dtype(String descr) {
        return switch (descr) {
            case "<f4" -> new Dt(FileRows.DType.FLOAT32, ByteOrder.LITTLE_ENDIAN);
            case ">f4" -> new Dt(FileRows.DType.FLOAT32, ByteOrder.BIG_ENDIAN);
            case "<f8" -> new Dt(FileRows.DType.FLOAT64, ByteOrder.LITTLE_ENDIAN);
            case ">f8" -> new Dt(FileRows.DType.FLOAT64, ByteOrder.BIG_ENDIAN);
            case "|u1", "<u1", ">u1", "u1" -> new Dt(FileRows.DType.UINT8, ByteOrder.LITTLE_ENDIAN);
            default -> null;
        };
    }

    /** Checks data size: exactly {@code elements * itemSize} bytes after the header. */
    private static void checkSize(Path file, Header h, int itemSize) throws IOException {
        long need;
        try {
            need = Math.multiplyExact(h.elements(), itemSize);
        } catch (ArithmeticException e) {
            throw new DataFormatException(file, "shape " + h.shapeText() + " is too large");
        }
        long have = Files.size(file) - h.dataOffset();
        if (have < need) {
            throw new DataFormatException(file, "truncated: shape " + h.shapeText() + " of " + h.descr()
                    + " needs " + need + " bytes after the " + h.dataOffset() + "-byte header, the file has " + have);
        }
        if (have > need) {
            throw new DataFormatException(file, (have - need) + " trailing bytes after the " + need
                    + " bytes of data that shape " + h.shapeText() + " of " + h.descr() + " needs");
        }
    }

    /**
     * Opens {@code npy} (and the optional labels file) as a table or as images, per its shape.
     *
     * @param labels a 1-D integer {@code .npy} with one label per example, or null
     */
    public static Loaded open(Path npy, Path labels) throws IOException {
        Header h = readHeader(npy);
        Dt dt = dtype(h.descr());
        if (dt == null) {
            throw new DataFormatException(npy, "dtype '" + h.descr() + "' is not supported (expected float32 '<f4',"
                    + " float64 '<f8' or uint8 '|u1'; convert with arr.astype(np.float32))");
        }
        if (h.fortranOrder()) {
            throw new DataFormatException(npy, "Fortran (column-major) order is not supported: save a C-ordered"
                    + " array (np.save(path, np.ascontiguousarray(arr)))");
        }
        FileRows.DType type = dt.type();
        ByteOrder order = dt.order();
        long[] s = h.shape();
        if (s.length < 2 || s.length > 4) {
            throw new DataFormatException(npy, "shape " + h.shapeText() + ": expected [n, d] (a table), [n, h, w] or"
                    + " [n, c, h, w] (images)");
        }
        checkSize(npy, h, type.bytes());
        if (s[0] < 1 || s[0] > Integer.MAX_VALUE - 8) {
            throw new DataFormatException(npy, "shape " + h.shapeText() + ": the number of examples must be in 1.."
                    + (Integer.MAX_VALUE - 8));
        }
        int n = (int) s[0];
        InputSpec spec;
        if (s.length == 2) {
            if (s[1] < 1 || s[1] > 1_000_000) {
                throw new DataFormatException(npy, "shape " + h.shapeText() + ": a table needs 1..1000000 columns");
            }
            List<Column> cols = new ArrayList<>();
            for (int j = 0; j < s[1]; j++) {
                cols.add(Column.numeric("x" + j, 0, 1));
            }
            spec = new TableSpec(cols);
        } else {
            long c = s.length == 4 ? s[1] : 1;
            long hh = s[s.length - 2];
            long ww = s[s.length - 1];
            if (c != 1 && c != 3) {
                String hint = s.length == 4 && (s[3] == 1 || s[3] == 3)
                        ? " (this looks channels-last: transpose to [n, c, h, w] with arr.transpose(0, 3, 1, 2))" : "";
                throw new DataFormatException(npy, "shape " + h.shapeText() + ": images must be [n, c, h, w] with c 1"
                        + " or 3" + hint);
            }
            if (hh < 1 || ww < 1 || hh > ImageSpec.MAX_SIDE || ww > ImageSpec.MAX_SIDE) {
                throw new DataFormatException(npy, "shape " + h.shapeText() + ": image sides must be in 1.."
                        + ImageSpec.MAX_SIDE);
            }
            spec = new ImageSpec((int) c, (int) hh, (int) ww);
        }
        int width = spec instanceof TableSpec t ? t.rawWidth() : spec.features();
        int[] lab = labels == null ? null : readLabels(labels, n);
        List<String> classNames = List.of();
        if (lab != null) {
            int max = Arrays.stream(lab).max().orElse(0);
            List<String> names = new ArrayList<>();
            for (int i = 0; i <= max; i++) {
                names.add(Integer.toString(i));
            }
            classNames = names;
        }
        FileRows rows = new FileRows(npy, h.dataOffset(), n, width, type, order);
        try {
            checkFirstRows(npy, rows, spec instanceof ImageSpec && type != FileRows.DType.UINT8);
        } catch (IOException | RuntimeException e) {
            rows.close();
            throw e;
        }
        String name = npy.getFileName().toString();
        if (spec instanceof TableSpec t) {
            return new Loaded(new RawTable(name, npy, t.columns(), rows, lab, classNames, 0, 0, false), null);
        }
        RowStore store = type == FileRows.DType.UINT8 ? new ByteScaledRows(rows) : rows;
        return new Loaded(null, new RowDataset(name, spec, store, 1f, lab, classNames));
    }

    private static void checkFirstRows(Path npy, FileRows rows, boolean unitRange) throws IOException {
        float[] row = new float[rows.width()];
        for (int r = 0; r < Math.min(rows.rows(), CHECKED_ROWS); r++) {
            rows.read(r, row, 0);
            for (int j = 0; j < row.length; j++) {
                float v = row[j];
                if (!Float.isFinite(v)) {
                    throw DataFormatException.atRow(npy, r, "value " + v + " at position " + j + " is not finite");
                }
                if (unitRange && (v < 0f || v > 1f)) {
                    throw DataFormatException.atRow(npy, r, "image value " + v + " at position " + j
                            + " is outside [0, 1] (scale float images into [0, 1], or save uint8 pixels)");
                }
            }
        }
    }

    /** Reads a 1-D integer labels file of {@code n} non-negative values. */
    public static int[] readLabels(Path file, int n) throws IOException {
        Header h = readHeader(file);
        int size = switch (h.descr()) {
            case "<i4" -> 4;
            case "<i8" -> 8;
            case "|u1", "<u1", "u1" -> 1;
            default -> throw new DataFormatException(file, "labels dtype '" + h.descr() + "' is not supported"
                    + " (expected int32 '<i4', int64 '<i8' or uint8 '|u1')");
        };
        if (h.fortranOrder() && h.shape().length > 1) {
            throw new DataFormatException(file, "Fortran order is not supported");
        }
        if (h.shape().length != 1) {
            throw new DataFormatException(file, "labels must be 1-D, got shape " + h.shapeText());
        }
        if (h.shape()[0] != n) {
            throw new DataFormatException(file, h.shape()[0] + " labels for " + n + " examples");
        }
        checkSize(file, h, size);
        ByteBuffer b;
        try (var ch = java.nio.channels.FileChannel.open(file)) {
            long bytes = (long) n * size;
            if (bytes > Integer.MAX_VALUE - 8) {
                throw new DataFormatException(file, "too many labels");
            }
            b = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining()) {
                if (ch.read(b, h.dataOffset() + b.position()) < 0) {
                    throw new DataFormatException(file, "truncated");
                }
            }
            b.flip();
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            long v = switch (size) {
                case 4 -> b.getInt();
                case 8 -> b.getLong();
                default -> b.get() & 0xff;
            };
            if (v < 0 || v > 100_000) {
                throw DataFormatException.atRow(file, i, "label " + v + " is outside 0..100000");
            }
            out[i] = (int) v;
        }
        return out;
    }
}
