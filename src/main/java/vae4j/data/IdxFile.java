package vae4j.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A strict reader of IDX files (the MNIST family's format), raw or gzip-compressed (detected from the content).
 *
 * <p>Layout: two zero bytes, a type byte ({@code 0x08} = unsigned byte, the only type image data sets use), the number
 * of dimensions, one big-endian int32 per dimension, then the values in row-major order. Every departure is rejected
 * with an {@link IdxFormatException} that names the file and the value found: wrong magic, other types, zero or
 * negative sizes, sizes whose product exceeds {@link #MAX_BYTES}, too little data, and trailing bytes. Memory grows only
 * with the data actually present, so a header that claims 2^31 images cannot make the reader allocate.
 *
 * @param dims sizes, e.g. {@code [60000, 28, 28]} for images or {@code [60000]} for labels
 * @param data the values, {@code product(dims)} unsigned bytes
 */
public record IdxFile(int[] dims, byte[] data) {
    /** The unsigned-byte type code. */
    public static final int UBYTE = 0x08;
    /** The largest payload accepted (1 GiB). */
    public static final long MAX_BYTES = 1L << 30;

    /** Reads and validates {@code path}. */
    public static IdxFile read(Path path) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            long size = Files.size(path);
            // the uncompressed length: the file's own for raw files, the gzip trailer's ISIZE (mod 2^32) for .gz
            long declared = gzip ? gzipSize(path) : size;
            try (InputStream in = gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw) {
                return parse(path, in, declared, gzip);
            } catch (ZipException | EOFException e) {
                if (gzip) {
                    throw new IdxFormatException(path, "corrupt gzip stream (" + e.getMessage() + ")", e);
                }
                throw e;
            }
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(path.toString(), null, "file not found");
        }
    }

    /** The uncompressed size a gzip file declares in its last four bytes (little-endian, modulo 2^32). */
    private static long gzipSize(Path path) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(path)) {
            if (ch.size() < 18) {
                return -1;
            }
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            ch.read(b, ch.size() - 4);
            return b.flip().getInt() & 0xffffffffL;
        }
    }

    private static IdxFile parse(Path path, InputStream in, long declared, boolean gzip) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] header = data.readNBytes(4);
        if (header.length < 4) {
            throw new IdxFormatException(path, "too short for an IDX header (" + header.length + " bytes)");
        }
        if (header[0] != 0 || header[1] != 0) {
            throw new IdxFormatException(path, String.format("bad magic number 0x%02x%02x%02x%02x (an IDX file starts"
                    + " with two zero bytes)", header[0], header[1], header[2], header[3]));
        }
        int type = header[2] & 0xff;
        if (type != UBYTE) {
            throw new IdxFormatException(path, String.format("unsupported type byte 0x%02x (only 0x08, unsigned byte,"
                    + " is supported)", type));
        }
        int rank = header[3] & 0xff;
        if (rank < 1 || rank > 4) {
            throw new IdxFormatException(path, "unsupported number of dimensions " + rank + " (expected 1 to 4)");
        }
        byte[] dimBytes = data.readNBytes(4 * rank);
        if (dimBytes.length < 4 * rank) {
            throw new IdxFormatException(path, "header truncated: " + rank + " dimensions announced, "
                    + dimBytes.length / 4 + " present");
        }
        int[] dims = new int[rank];
        long total = 1;
        for (int i = 0; i < rank; i++) {
            dims[i] = ((dimBytes[4 * i] & 0xff) << 24) | ((dimBytes[4 * i + 1] & 0xff) << 16)
                    | ((dimBytes[4 * i + 2] & 0xff) << 8) | (dimBytes[4 * i + 3] & 0xff);
            if (dims[i] <= 0) {
                throw new IdxFormatException(path, "dimension " + i + " is " + dims[i] + " (must be positive)");
            }
            total *= dims[i];
            if (total > MAX_BYTES) {
                throw new IdxFormatException(path, "sizes " + Arrays.toString(Arrays.copyOf(dims, i + 1))
                        + " claim more than " + MAX_BYTES + " bytes of data");
            }
        }
        long expected = 4L + 4L * rank + total;
        boolean sizeKnown = declared >= 0 && (gzip ? (expected & 0xffffffffL) == declared : expected == declared);
        // allocate the whole array at once only when the file's own size confirms the header; otherwise read
        // incrementally, so that a header claiming more than the file holds cannot make us allocate it
        byte[] values = sizeKnown ? readFully(data, (int) total) : data.readNBytes((int) total);
        if (values.length < total) {
            throw new IdxFormatException(path, "truncated: sizes " + Arrays.toString(dims) + " need " + total
                    + " bytes of data, found " + values.length);
        }
        if (data.read() != -1) {
            throw new IdxFormatException(path, "trailing bytes after the " + total + " bytes of data that sizes "
                    + Arrays.toString(dims) + " announce");
        }
        return new IdxFile(dims, values);
    }

    private static byte[] readFully(InputStream in, int n) throws IOException {
        byte[] out = new byte[n];
        int done = 0;
        while (done < n) {
            int r = in.read(out, done, n - done);
            if (r < 0) {
                return java.util.Arrays.copyOf(out, done);
            }
            done += r;
        }
        return out;
    }

    /** Writes an IDX file of unsigned bytes (raw, uncompressed) to {@code out}. For tests and exports. */
    public static byte[] encode(int[] dims, byte[] values) {
        byte[] out = new byte[4 + 4 * dims.length + values.length];
        out[2] = (byte) UBYTE;
        out[3] = (byte) dims.length;
        for (int i = 0; i < dims.length; i++) {
            int d = dims[i];
            out[4 + 4 * i] = (byte) (d >>> 24);
            out[5 + 4 * i] = (byte) (d >>> 16);
            out[6 + 4 * i] = (byte) (d >>> 8);
            out[7 + 4 * i] = (byte) d;
        }
        System.arraycopy(values, 0, out, 4 + 4 * dims.length, values.length);
        return out;
    }
}
