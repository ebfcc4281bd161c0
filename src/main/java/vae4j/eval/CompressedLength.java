package vae4j.eval;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.Deflater;
import vae4j.data.ImageSpec;
import vae4j.data.InputSpec;

/**
 * An example's lossless compressed length in nats, the input-complexity estimate of Serra et al. (2020).
 * <ul>
 *   <li>Images: the size of the PNG file that stores the example as 8-bit grey or RGB (values in [0, 1] scaled to
 *       0..255 and rounded) with row filter 0 and zlib at level 9: signature, IHDR, one IDAT and IEND chunks (57
 *       bytes) plus the zlib stream of the filtered rows. Computed without writing the file (JDK ImageIO's PNG writer
 *       costs about 0.3 ms per 28x28 picture, ten times the deflate alone); {@code CompressedLengthTest} checks the
 *       count against a PNG written this way and read back by ImageIO.</li>
 *   <li>Table rows: zlib at level 9 of the row's float32 values in model space (little-endian).</li>
 * </ul>
 */
public final class CompressedLength {
    private static final double NATS_PER_BYTE = 8 * Math.log(2);

    private CompressedLength() {
    }

    /** The compressed length of the example at {@code values[offset .. offset + spec.features())}. */
    public static double nats(InputSpec spec, float[] values, int offset) {
        return bytes(spec, values, offset) * NATS_PER_BYTE;
    }

    static int bytes(InputSpec spec, float[] values, int offset) {
        if (spec instanceof ImageSpec img) {
            return png(img, values, offset);
        }
        int f = spec.features();
        ByteBuffer buf = ByteBuffer.allocate(4 * f).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < f; i++) {
            buf.putFloat(values[offset + i]);
        }
        return zlibLength(buf.array());
    }

    /** PNG file bytes around the zlib stream: signature 8, IHDR 25, IDAT length/type/CRC 12, IEND 12. */
    static final int PNG_OVERHEAD = 8 + 25 + 12 + 12;

    private static int png(ImageSpec img, float[] v, int offset) {
        return PNG_OVERHEAD + zlibLength(pngRows(img, v, offset));
    }

    /** PNG's filtered image data with filter 0: per row a 0 byte, then the row's samples (RGB interleaved). */
    static byte[] pngRows(ImageSpec img, float[] v, int offset) {
        int h = img.height();
        int w = img.width();
        int c = img.channels();
        int plane = h * w;
        byte[] raw = new byte[h * (1 + w * c)];
        int o = 0;
        for (int y = 0; y < h; y++) {
            raw[o++] = 0;
            for (int x = 0; x < w; x++) {
                for (int ch = 0; ch < c; ch++) {
                    raw[o++] = (byte) level(v[offset + ch * plane + y * w + x]);
                }
            }
        }
        return raw;
    }

    static int zlibLength(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(data);
            deflater.finish();
            byte[] out = new byte[data.length + 64];
            int n = 0;
            while (!deflater.finished()) {
                n += deflater.deflate(out);
            }
            return n;
        } finally {
            deflater.end();
        }
    }

    private static int level(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255f)));
    }
}
