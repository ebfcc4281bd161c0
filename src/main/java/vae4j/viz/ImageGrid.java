package vae4j.viz;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import vae4j.io.AtomicFiles;

/**
 * A sheet of grey or colour images laid out on a grid, as PNG: decoded manifolds, samples, reconstructions. Values are
 * intensities in [0, 1] (clamped), 0 drawn black as in the MNIST pictures.
 */
public final class ImageGrid {
    private ImageGrid() {
    }

    /**
     * Renders {@code rows * cols} images.
     *
     * @param images {@code [rows*cols, h, w]} flattened row-major; image {@code r*cols + c} goes to row r, column c
     * @param gap    pixels between tiles (0 for a seamless manifold)
     * @param scale  each pixel becomes a {@code scale x scale} block
     */
    public static BufferedImage render(float[] images, int rows, int cols, int h, int w, int gap, int scale) {
        return render(images, rows, cols, 1, h, w, gap, scale);
    }

    /**
     * Renders {@code rows * cols} images of {@code channels} (1: grey, 3: RGB) planes each.
     *
     * @param images {@code [rows*cols, channels, h, w]} flattened row-major
     */
    public static BufferedImage render(float[] images, int rows, int cols, int channels, int h, int w, int gap,
                                       int scale) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("images must have 1 or 3 channels, got " + channels);
        }
        if ((long) images.length != (long) rows * cols * channels * h * w) {
            throw new IllegalArgumentException("expected " + rows * cols + " images of " + channels + "x" + h + "x" + w
                    + " values, got " + images.length + " values");
        }
        if (scale < 1 || gap < 0) {
            throw new IllegalArgumentException("scale must be >= 1 and gap >= 0");
        }
        int tileW = w * scale;
        int tileH = h * scale;
        BufferedImage img = new BufferedImage(cols * tileW + (cols + 1) * gap, rows * tileH + (rows + 1) * gap,
                channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(96, 96, 96));
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.dispose();
        var raster = img.getRaster();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int base = (r * cols + c) * channels * h * w;
                int x0 = gap + c * (tileW + gap);
                int y0 = gap + r * (tileH + gap);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        for (int b = 0; b < channels; b++) {
                            int level = level(images[base + (b * h + y) * w + x]);
                            for (int dy = 0; dy < scale; dy++) {
                                for (int dx = 0; dx < scale; dx++) {
                                    raster.setSample(x0 + x * scale + dx, y0 + y * scale + dy, b, level);
                                }
                            }
                        }
                    }
                }
            }
        }
        return img;
    }

    private static int level(float v) {
        return Math.round(Math.max(0f, Math.min(1f, Float.isNaN(v) ? 0f : v)) * 255f);
    }

    /** Writes a PNG atomically. */
    public static void writePng(BufferedImage image, Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }
}
