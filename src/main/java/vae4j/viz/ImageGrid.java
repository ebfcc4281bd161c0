package vae4j.viz;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import vae4j.io.AtomicFiles;

/**
 * A sheet of grey images laid out on a grid, as PNG: decoded manifolds, samples, reconstructions. Values are
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
        if (images.length != rows * cols * h * w) {
            throw new IllegalArgumentException("expected " + rows * cols + " images of " + h + "x" + w + " values, got "
                    + images.length + " values");
        }
        if (scale < 1 || gap < 0) {
            throw new IllegalArgumentException("scale must be >= 1 and gap >= 0");
        }
        int tileW = w * scale;
        int tileH = h * scale;
        BufferedImage img = new BufferedImage(cols * tileW + (cols + 1) * gap, rows * tileH + (rows + 1) * gap,
                BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(96, 96, 96));
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.dispose();
        var raster = img.getRaster();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int base = (r * cols + c) * h * w;
                int x0 = gap + c * (tileW + gap);
                int y0 = gap + r * (tileH + gap);
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        float v = images[base + y * w + x];
                        int grey = Math.round(Math.max(0f, Math.min(1f, Float.isNaN(v) ? 0f : v)) * 255f);
                        for (int dy = 0; dy < scale; dy++) {
                            for (int dx = 0; dx < scale; dx++) {
                                raster.setSample(x0 + x * scale + dx, y0 + y * scale + dy, 0, grey);
                            }
                        }
                    }
                }
            }
        }
        return img;
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
