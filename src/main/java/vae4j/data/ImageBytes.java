package vae4j.data;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * A picture file's bytes (PNG or JPEG, held in memory, e.g. the {@code content} column of Spark's
 * {@code binaryFile} source) as the model-space values an image folder gives for the same file: decoded by the JDK's
 * ImageIO, made 8-bit sRGB, resized to the model's size and channels as {@link ImageFolderSource} does (so
 * {@code vae4j score --data <folder>} and this see the same float32 values), divided by 255.
 */
public final class ImageBytes {
    private ImageBytes() {
    }

    /**
     * Decodes one picture into model space.
     *
     * @param encoded the file's bytes
     * @param name    the file named in errors
     * @param spec    the model's picture size and channels
     * @return {@code [c * h * w]} values in [0, 1], channels first
     * @throws DataFormatException naming {@code name} when no decoder accepts the bytes or they are corrupt
     */
    public static float[] modelSpace(byte[] encoded, Path name, ImageSpec spec) throws DataFormatException {
        return modelSpace(ImagePixels.decode(encoded, name), spec);
    }

    /**
     * A decoded picture into model space, as {@link #modelSpace(byte[], Path, ImageSpec)} continues after decoding
     * (e.g. a picture rebuilt from the BGR(A) bytes of Spark's {@code image} source).
     *
     * @return {@code [c * h * w]} values in [0, 1], channels first
     */
    public static float[] modelSpace(BufferedImage decoded, ImageSpec spec) {
        byte[] pixels = ImagePixels.pixels(decoded, spec);
        float[] out = new float[pixels.length];
        UnitBytes.copy(pixels, 0, out, 0, pixels.length);
        return out;
    }
}
