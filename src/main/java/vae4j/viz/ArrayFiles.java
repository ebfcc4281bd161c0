package vae4j.viz;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import vae4j.io.AtomicFiles;

/**
 * Decoded examples as plain arrays for use downstream: a NumPy {@code .npy} file (format 1.0, little-endian float32,
 * C order) or a CSV table with one example per row ({@code label} first when given, then the values {@code v0, v1,
 * ...} in C order). Both written atomically.
 */
public final class ArrayFiles {
    private ArrayFiles() {
    }

    /** True if {@code out} ends in {@code .npy} (ignoring case). */
    public static boolean isNpy(Path out) {
        return out.getFileName() != null && out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
    }

    /**
     * Writes {@code values} with shape {@code shape} as a float32 {@code .npy} file.
     *
     * @throws IllegalArgumentException if the shape does not match the number of values
     */
    public static void writeNpy(float[] values, long[] shape, Path out) throws IOException {
        long count = 1;
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            count *= d;
            dims.append(d).append(", ");
        }
        if (count != values.length) {
            throw new IllegalArgumentException(values.length + " values do not fill the shape "
                    + java.util.Arrays.toString(shape));
        }
        String dimText = shape.length == 1 ? shape[0] + "," : dims.substring(0, dims.length() - 2);
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dimText + "), }";
        // magic (6) + version (2) + header length (2) + header, padded with spaces to a multiple of 64, ending in \n
        int unpadded = 10 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        String header = dict + " ".repeat(total - unpadded) + "\n";
        AtomicFiles.write(out, stream -> {
            ByteBuffer head = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
            head.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0)
                    .putShort((short) header.length());
            stream.write(head.array());
            stream.write(header.getBytes(StandardCharsets.US_ASCII));
            ByteBuffer body = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : values) {
                if (!body.hasRemaining()) {
                    stream.write(body.array(), 0, body.position());
                    body.clear();
                }
                body.putFloat(v);
            }
            stream.write(body.array(), 0, body.position());
        });
    }

    /**
     * Writes {@code n} examples of {@code perRow} values each as CSV, with a {@code label} column first when
     * {@code labels} is not null.
     */
    public static void writeCsv(float[] values, int n, int perRow, int[] labels, Path out) throws IOException {
        AtomicFiles.write(out, stream -> {
            Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            StringBuilder line = new StringBuilder();
            if (labels != null) {
                line.append("label,");
            }
            for (int j = 0; j < perRow; j++) {
                line.append('v').append(j).append(j + 1 < perRow ? "," : "\n");
            }
            w.write(line.toString());
            for (int i = 0; i < n; i++) {
                line.setLength(0);
                if (labels != null) {
                    line.append(labels[i]).append(',');
                }
                for (int j = 0; j < perRow; j++) {
                    line.append(values[i * perRow + j]).append(j + 1 < perRow ? "," : "\n");
                }
                w.write(line.toString());
            }
            w.flush();
        });
    }
}
