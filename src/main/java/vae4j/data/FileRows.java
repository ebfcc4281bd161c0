package vae4j.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Rows read from a file on demand: row {@code r} is the {@code width} values at byte
 * {@code offset + r * width * dtype.bytes()}, read with a positional {@link FileChannel#read(ByteBuffer, long)}.
 * Nothing is memory-mapped, so the operating system's page cache (not the process's resident memory) holds what is
 * hot, and files beyond 2 GiB work. Reads are thread-safe (positional reads, one buffer per thread).
 * Values are returned as float32 exactly as stored (uint8 as 0..255: scaling is the {@link RowDataset}'s job).
 */
public final class FileRows implements RowStore {
    /** How one value is stored. */
    public enum DType {
        FLOAT32(4), FLOAT64(8), UINT8(1);

        private final int bytes;

        DType(int bytes) {
            this.bytes = bytes;
        }

        public int bytes() {
            return bytes;
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Path path;
    private final FileChannel channel;
    private final long offset;
    private final int rows;
    private final int width;
    private final DType dtype;
    private final ByteOrder order;
    private final int rowBytes;
    private final ThreadLocal<ByteBuffer> buffers;

    /**
     * Opens {@code file} (the channel stays open until {@link #close}).
     *
     * @param offset bytes before row 0 (a header)
     * @param rows   number of rows
     * @param width  values per row
     * @param order  byte order of multi-byte values
     * @throws DataFormatException if the file is shorter than {@code offset + rows * rowBytes}
     */
    public FileRows(Path file, long offset, int rows, int width, DType dtype, ByteOrder order) throws IOException {
        if (rows < 0 || width < 1 || offset < 0) {
            throw new IllegalArgumentException("bad layout: offset " + offset + ", " + rows + " rows of " + width);
        }
        long rb = (long) width * dtype.bytes();
        if (rb > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a row of " + width + " " + dtype.id() + " values is too wide");
        }
        this.path = file;
        this.offset = offset;
        this.rows = rows;
        this.width = width;
        this.dtype = dtype;
        this.order = order;
        this.rowBytes = (int) rb;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        long need = offset + rows * rb;
        long size = channel.size();
        if (size < need) {
            channel.close();
            throw new DataFormatException(file, "file has " + size + " bytes but " + rows + " rows of " + width + " "
                    + dtype.id() + " values from byte " + offset + " need " + need);
        }
        this.buffers = ThreadLocal.withInitial(() -> ByteBuffer.allocate(rowBytes).order(order));
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int width() {
        return width;
    }

    public Path path() {
        return path;
    }

    public DType dtype() {
        return dtype;
    }

    /** The byte order of multi-byte values. */
    public ByteOrder order() {
        return order;
    }

    @Override
    public void read(int row, float[] dst, int off) {
        if (row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException("row " + row + " of " + rows + " in " + path);
        }
        ByteBuffer b = buffers.get();
        b.clear();
        long pos = offset + (long) row * rowBytes;
        try {
            while (b.hasRemaining()) {
                int n = channel.read(b, pos + b.position());
                if (n < 0) {
                    throw new IOException(path + ": unexpected end of file at byte " + (pos + b.position()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        b.flip();
        switch (dtype) {
            case FLOAT32 -> b.asFloatBuffer().get(dst, off, width);
            case FLOAT64 -> {
                for (int i = 0; i < width; i++) {
                    dst[off + i] = (float) b.getDouble(i * 8);
                }
            }
            case UINT8 -> {
                byte[] a = b.array();
                for (int i = 0; i < width; i++) {
                    dst[off + i] = a[i] & 0xff;
                }
            }
        }
    }

    /** Loads every row into memory (for files small enough: at most 2^31 - 1 values). */
    public FloatRows load() {
        long n = (long) rows * width;
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(path + ": " + n + " values do not fit in one array");
        }
        float[] all = new float[(int) n];
        if (dtype != DType.FLOAT32) {
            for (int r = 0; r < rows; r++) {
                read(r, all, r * width);
            }
            return new FloatRows(all, width);
        }
        int perChunk = Math.max(1, (1 << 22) / rowBytes);
        ByteBuffer b = ByteBuffer.allocate(perChunk * rowBytes).order(order);
        try {
            for (int r = 0; r < rows; r += perChunk) {
                int m = Math.min(perChunk, rows - r);
                b.clear().limit(m * rowBytes);
                long pos = offset + (long) r * rowBytes;
                while (b.hasRemaining()) {
                    if (channel.read(b, pos + b.position()) < 0) {
                        throw new IOException(path + ": unexpected end of file");
                    }
                }
                b.flip();
                b.asFloatBuffer().get(all, r * width, m * width);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FloatRows(all, width);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return path + " (" + rows + " rows of " + width + " " + dtype.id() + ", " + order + ")";
    }
}
