package vae4j.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Images held once in memory as unsigned bytes (an IDX data set, a small image folder), with optional integer
 * labels. Model space is the bytes divided by 255.
 *
 * @param name       what the data is, e.g. {@code fashion-mnist/train}
 * @param channels   channels per image (1 for the MNIST family)
 * @param height     rows per image
 * @param width      columns per image
 * @param pixels     {@code size * channels * height * width} unsigned bytes, row-major, example after example
 * @param labels     one label per image, or null
 * @param classNames names of the labels ({@code classNames.get(label)}), possibly empty
 */
public record ImageDataset(String name, int channels, int height, int width, byte[] pixels, int[] labels,
                           List<String> classNames) implements Dataset {

    public ImageDataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pixels, "pixels");
        classNames = classNames == null ? List.of() : List.copyOf(classNames);
        long per = (long) channels * height * width;
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(name + ": image shape must be positive, got " + channels + "x" + height
                    + "x" + width);
        }
        if (pixels.length % per != 0) {
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixels is not a whole number of "
                    + channels + "x" + height + "x" + width + " images");
        }
        if (labels != null && labels.length != pixels.length / per) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels for " + pixels.length / per
                    + " images");
        }
    }

    /** Number of images. */
    public int size() {
        return pixels.length / imageSize();
    }

    /** Values per image, {@code channels * height * width}. */
    public int imageSize() {
        return channels * height * width;
    }

    @Override
    public ImageSpec spec() {
        return new ImageSpec(channels, height, width);
    }

    @Override
    public void read(int[] rows, float[] dst) {
        int per = imageSize();
        for (int i = 0; i < rows.length; i++) {
            UnitBytes.copy(pixels, rows[i] * per, dst, i * per, per);
        }
    }

    @Override
    public void read(int from, int count, float[] dst) {
        UnitBytes.copy(pixels, pixelOffset(from, count), dst, 0, count * imageSize());
    }

    /**
     * Where image {@code from} starts in {@link #pixels()}, for reading {@code count} images from there.
     *
     * @throws IndexOutOfBoundsException naming the data set if the images {@code from .. from+count-1} do not exist
     */
    public int pixelOffset(int from, int count) {
        if (from < 0 || count < 0 || (long) from + count > size()) {
            throw new IndexOutOfBoundsException("examples " + from + ".." + (from + count - 1) + " of " + size()
                    + " in " + name);
        }
        return from * imageSize();
    }

    @Override
    public boolean inMemory() {
        return true;
    }

    @Override
    public String fingerprint() {
        return sha256();
    }

    /** The first {@code n} images (all of them if there are fewer). */
    @Override
    public ImageDataset head(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("subset size must be >= 1, got " + n);
        }
        if (n >= size()) {
            return this;
        }
        byte[] p = java.util.Arrays.copyOf(pixels, n * imageSize());
        int[] l = labels == null ? null : java.util.Arrays.copyOf(labels, n);
        return new ImageDataset(name + "[:" + n + "]", channels, height, width, p, l, classNames);
    }

    /** SHA-256 over shape, pixels and labels: identifies the data whatever file or compression it came from. */
    public String sha256() {
        MessageDigest md = Hashing.digest();
        md.update((channels + "x" + height + "x" + width + ";").getBytes(StandardCharsets.US_ASCII));
        md.update(pixels);
        if (labels != null) {
            for (int l : labels) {
                md.update((byte) l);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * Builds a data set from an IDX image file {@code [n, h, w]} and an optional IDX label file {@code [n]}.
     */
    public static ImageDataset fromIdx(String name, IdxFile images, java.nio.file.Path imagePath, IdxFile labels,
                                       java.nio.file.Path labelPath, List<String> classNames)
            throws IdxFormatException {
        int[] d = images.dims();
        if (d.length != 3) {
            throw new IdxFormatException(imagePath, "expected images [count, rows, columns], found "
                    + d.length + " dimensions " + java.util.Arrays.toString(d));
        }
        int[] lab = null;
        if (labels != null) {
            if (labels.dims().length != 1) {
                throw new IdxFormatException(labelPath, "expected labels [count], found dimensions "
                        + java.util.Arrays.toString(labels.dims()));
            }
            if (labels.dims()[0] != d[0]) {
                throw new IdxFormatException(labelPath, labels.dims()[0] + " labels but " + imagePath.getFileName()
                        + " holds " + d[0] + " images");
            }
            lab = new int[d[0]];
            byte[] raw = labels.data();
            for (int i = 0; i < lab.length; i++) {
                lab[i] = raw[i] & 0xff;
            }
        }
        return new ImageDataset(name, 1, d[1], d[2], images.data(), lab, classNames);
    }
}
