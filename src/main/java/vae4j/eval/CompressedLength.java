package vae4j.eval;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import vae4j.data.ImageSpec;
import vae4j.data.InputSpec;

/**
 * An example's lossless compressed length in nats, the input-complexity estimate of Serra et al. (2020): images are
 * encoded as 8-bit PNG (grey or RGB, values in [0, 1] scaled to 0..255 and rounded) by the JDK's ImageIO; table rows
 * are their float32 values in model space (little-endian) compressed by deflate at level 9. The length includes the
 * format's fixed overhead (the PNG header, deflate's block header), the same for every example of one shape.
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
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            deflater.setInput(buf.array());
            deflater.finish();
            byte[] out = new byte[4 * f + 64];
            int n = 0;
            while (!deflater.finished()) {
                n += deflater.deflate(out);
            }
            return n;
        } finally {
            deflater.end();
        }
    }

    private static int png(ImageSpec img, float[] v, int offset) {
        int h = img.height();
        int w = img.width();
        int c = img.channels();
        BufferedImage bi = new BufferedImage(w, h, c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = offset + y * w + x;
                if (c == 1) {
                    bi.getRaster().setSample(x, y, 0, level(v[p]));
                } else {
                    int rgb = level(v[p]) << 16 | level(v[p + plane]) << 8 | level(v[p + 2 * plane]);
                    bi.setRGB(x, y, rgb);
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(plane);
        try {
            ImageIO.write(bi, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: does not happen
        }
        return out.size();
    }

    private static int level(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255f)));
    }
}
