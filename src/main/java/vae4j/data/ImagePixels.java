package vae4j.data;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.io.ByteArrayInputStream;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * One picture file as model bytes: decoded with the JDK's ImageIO (a file it cannot decode is a
 * {@link DataFormatException} naming it), made 8-bit sRGB (transparency composited onto black; grey files keep their
 * levels exactly), resized (aspect ratio not preserved: an axis that shrinks is area-averaged, one that grows is
 * interpolated linearly) and laid out as {@code [channels, height, width]} bytes, grey by luminance
 * {@code 0.299 R + 0.587 G + 0.114 B}.
 */
final class ImagePixels {
    private ImagePixels() {
    }

    /** One image file as {@code [c, h, w]} bytes of {@code spec}. */
    static byte[] pixels(Path file, ImageSpec spec) throws IOException {
        return pixels(decode(file), spec);
    }

    /** A decoded picture as {@code [c, h, w]} bytes of {@code spec}. */
    static byte[] pixels(BufferedImage decoded, ImageSpec spec) {
        BufferedImage rgb = resize(toRgb(decoded), spec.height(), spec.width());
        int h = spec.height();
        int w = spec.width();
        int[] argb = rgb.getRGB(0, 0, w, h, null, 0, w);
        byte[] out = new byte[spec.features()];
        int plane = h * w;
        for (int i = 0; i < plane; i++) {
            int p = argb[i];
            int r = (p >> 16) & 0xff;
            int g = (p >> 8) & 0xff;
            int b = p & 0xff;
            if (spec.channels() == 3) {
                out[i] = (byte) r;
                out[plane + i] = (byte) g;
                out[2 * plane + i] = (byte) b;
            } else {
                out[i] = (byte) Math.min(255, Math.round(0.299 * r + 0.587 * g + 0.114 * b));
            }
        }
        return out;
    }

    static BufferedImage decode(Path file) throws DataFormatException {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new DataFormatException(file, "corrupt image (" + e.getMessage() + ")", e);
        }
        if (img == null) {
            throw new DataFormatException(file, "not a readable image (no decoder accepts it)");
        }
        return img;
    }

    /**
     * Decodes a picture file's bytes, held in memory, with the same ImageIO decoders as {@link #decode(Path)}.
     *
     * @param name the file named in errors
     */
    static BufferedImage decode(byte[] encoded, Path name) throws DataFormatException {
        BufferedImage img;
        try {
            // ImageIO.read closes the stream; a memory cache, not a temporary file, since the bytes are in memory
            img = ImageIO.read(new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded)));
        } catch (IOException | RuntimeException e) {
            throw new DataFormatException(name, "corrupt image (" + e.getMessage() + ")", e);
        }
        if (img == null) {
            throw new DataFormatException(name, "not a readable image (no decoder accepts it)");
        }
        return img;
    }

    /** Height and width from the file's header, without decoding the pixels. */
    static int[] size(Path file) throws DataFormatException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new DataFormatException(file, "not a readable image (no decoder accepts it)");
            }
            ImageReader r = readers.next();
            try {
                r.setInput(in);
                return new int[] {r.getHeight(0), r.getWidth(0)};
            } finally {
                r.dispose();
            }
        } catch (DataFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DataFormatException(file, "corrupt image (" + e.getMessage() + ")", e);
        }
    }

    static boolean isGrey(BufferedImage img) {
        return img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
    }

    /**
     * The image as 8-bit sRGB. Grey images are expanded from their samples (Java2D would treat their grey as linear
     * and brighten it); others are drawn, which composites transparency onto black.
     */
    static BufferedImage toRgb(BufferedImage img) {
        int h = img.getHeight();
        int w = img.getWidth();
        if (img.getType() == BufferedImage.TYPE_INT_RGB) {
            return img;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        if (isGrey(img)) {
            Raster r = img.getRaster();
            int bits = img.getColorModel().getComponentSize(0);
            int max = (1 << bits) - 1;
            boolean alpha = img.getColorModel().hasAlpha() && r.getNumBands() > 1;
            int alphaMax = alpha ? (1 << img.getColorModel().getComponentSize(1)) - 1 : 1;
            int[] rgb = new int[w];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double v = r.getSample(x, y, 0) * 255.0 / max;
                    if (alpha) {
                        v = v * r.getSample(x, y, 1) / alphaMax;
                    }
                    int g = (int) Math.round(v);
                    rgb[x] = g << 16 | g << 8 | g;
                }
                out.setRGB(0, y, w, 1, rgb, 0, w);
            }
            return out;
        }
        Graphics2D g = out.createGraphics();
        try {
            g.drawImage(img, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /**
     * Resizes an RGB image (aspect ratio not preserved), each axis on its own: an axis that shrinks is area-averaged
     * (each output pixel is the mean of the input pixels it covers, fractions weighted), an axis that grows is
     * interpolated linearly between pixel centres. A uniform image stays exactly uniform.
     */
    static BufferedImage resize(BufferedImage rgb, int h, int w) {
        int ih = rgb.getHeight();
        int iw = rgb.getWidth();
        if (ih == h && iw == w) {
            return rgb;
        }
        int[] argb = rgb.getRGB(0, 0, iw, ih, null, 0, iw);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        float[][] planes = new float[3][];
        for (int c = 0; c < 3; c++) {
            float[] p = new float[ih * iw];
            int shift = 16 - 8 * c;
            for (int i = 0; i < p.length; i++) {
                p[i] = (argb[i] >> shift) & 0xff;
            }
            float[] across = resampleAxis(p, ih, iw, w, 1, iw);       // rows: iw -> w
            planes[c] = resampleAxis(transpose(across, ih, w), w, ih, h, 1, ih); // columns: ih -> h
            planes[c] = transpose(planes[c], w, h);
        }
        int[] px = new int[h * w];
        for (int i = 0; i < px.length; i++) {
            int r = clampByte(planes[0][i]);
            int g = clampByte(planes[1][i]);
            int b = clampByte(planes[2][i]);
            px[i] = r << 16 | g << 8 | b;
        }
        out.setRGB(0, 0, w, h, px, 0, w);
        return out;
    }

    private static int clampByte(float v) {
        return Math.max(0, Math.min(255, Math.round(v)));
    }

    private static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = a[r * cols + c];
            }
        }
        return t;
    }

    /** Resamples each of {@code lines} rows of {@code in} values (row stride {@code stride}) to {@code out} values. */
    private static float[] resampleAxis(float[] src, int lines, int in, int out, int step, int stride) {
        float[] dst = new float[lines * out];
        double scale = (double) in / out;
        for (int l = 0; l < lines; l++) {
            int base = l * stride;
            for (int x = 0; x < out; x++) {
                double v;
                if (in > out) {
                    double x0 = x * scale;
                    double x1 = (x + 1) * scale;
                    double sum = 0;
                    for (int i = (int) Math.floor(x0); i < Math.min(in, (int) Math.ceil(x1)); i++) {
                        double cover = Math.min(x1, i + 1) - Math.max(x0, i);
                        sum += cover * src[base + i * step];
                    }
                    v = sum / scale;
                } else {
                    double c = Math.max(0, Math.min(in - 1, (x + 0.5) * scale - 0.5));
                    int i0 = (int) Math.floor(c);
                    int i1 = Math.min(in - 1, i0 + 1);
                    double f = c - i0;
                    v = (1 - f) * src[base + i0 * step] + f * src[base + i1 * step];
                }
                dst[l * out + x] = (float) v;
            }
        }
        return dst;
    }
}
