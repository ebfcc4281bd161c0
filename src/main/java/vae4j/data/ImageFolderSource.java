package vae4j.data;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Images in folders, the layout of torchvision's {@code ImageFolder} and Keras' {@code image_dataset_from_directory}:
 * {@code root/<class>/**.png|jpg|jpeg} (classes are the sub-folders, sorted by name; their sub-folders are searched
 * too), or image files directly in {@code root} (unlabelled); see {@link ImageFolderListing}. Other files are not
 * errors: they are counted in {@link Result#skipped()}. Decoding uses the JDK's ImageIO ({@link ImagePixels}); a file
 * it cannot decode is a {@link DataFormatException} naming it.
 *
 * <p>Every image becomes {@code [channels, height, width]} bytes: resized to the target size when it differs
 * (aspect ratio not preserved: the image is stretched; an axis that shrinks is area-averaged, one that grows is
 * interpolated linearly), transparency composited onto black, and with one channel converted to grey by luminance
 * {@code 0.299 R + 0.587 G + 0.114 B} (grey files keep their levels exactly). Model space is bytes / 255. Up to
 * {@code inMemoryBytes} (1 GiB by default) the bytes live in an {@link ImageDataset}; beyond, in a uint8 cache file
 * ({@link ImagePixelCache}: {@code <cacheDir>/images-<key>.u8}, key = SHA-256 of the root, each file's name, size
 * and modification time and the options; reused when it matches) read through {@link FileRows}.
 */
public final class ImageFolderSource {
    /** File name endings read as images (lower case). */
    public static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg");
    /** Images up to this many bytes in all are held in memory by default. */
    public static final long DEFAULT_IN_MEMORY_BYTES = 1L << 30;

    /**
     * @param height   target height, or 0: the common size of the images (an error if they differ)
     * @param width    target width, or 0 with {@code height}
     * @param channels 1 (grey) or 3 (RGB), or 0: 1 if the first image is grey, else 3
     */
    public record Options(int height, int width, int channels) {
        public static final Options AUTO = new Options(0, 0, 0);

        public Options {
            if ((height == 0) != (width == 0) || height < 0 || width < 0 || height > ImageSpec.MAX_SIDE
                    || width > ImageSpec.MAX_SIDE) {
                throw new IllegalArgumentException("image size must be HxW with sides in 1.." + ImageSpec.MAX_SIDE
                        + ", got " + height + "x" + width);
            }
            if (channels != 0 && channels != 1 && channels != 3) {
                throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
            }
        }

        /** Parses {@code HxW} (e.g. {@code 64x64}); null or empty means automatic. */
        public static Options parse(String size, int channels) {
            if (size == null || size.isBlank()) {
                return new Options(0, 0, channels);
            }
            String[] p = size.toLowerCase(Locale.ROOT).split("x");
            try {
                if (p.length != 2) {
                    throw new NumberFormatException();
                }
                return new Options(Integer.parseInt(p[0].strip()), Integer.parseInt(p[1].strip()), channels);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("image size must be HxW, e.g. 64x64; got '" + size + "'");
            }
        }
    }

    /**
     * @param data     the images ({@code [n, c, h, w]} in [0, 1]) with labels when there are class folders
     * @param classes  the class folder names (label order), empty when unlabelled
     * @param skipped  files that are not images by their name (and hidden files)
     * @param source   a sentence for the user
     */
    public record Result(Dataset data, List<String> classes, int skipped, String source) {
    }

    private final Path cacheDir;
    private final long inMemoryBytes;

    public ImageFolderSource(Path cacheDir) {
        this(cacheDir, DEFAULT_IN_MEMORY_BYTES);
    }

    public ImageFolderSource(Path cacheDir, long inMemoryBytes) {
        this.cacheDir = cacheDir;
        this.inMemoryBytes = inMemoryBytes;
    }

    /** True when {@code file}'s name ends with an image extension. */
    public static boolean isImage(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return !n.startsWith(".") && EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    /** True when {@code dir} holds image files, or sub-folders holding them (one level is enough to say). */
    public static boolean looksLikeImageFolder(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.walk(dir, 2)) {
            return s.anyMatch(p -> Files.isRegularFile(p) && isImage(p));
        }
    }

    /** Lists, decodes and resizes every image under {@code root}. */
    public Result read(Path root, Options options) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(root.toString(), null, "not a directory");
        }
        ImageFolderListing listing = ImageFolderListing.of(root);
        List<ImageFolderListing.Item> items = listing.items();
        List<String> classes = listing.classes();
        int skipped = listing.skipped();
        ImageSpec spec = spec(root, items, options);
        int n = items.size();
        int per = spec.features();
        long total = (long) n * per;
        int[] labels = listing.labels();
        String name = root.getFileName() == null ? root.toString() : root.getFileName().toString();
        String what = String.format(Locale.ROOT, "%,d images (%s) %s from %s", n, spec,
                classes.isEmpty() ? "without labels" : "in " + classes.size() + " classes", root.toAbsolutePath())
                + (skipped > 0 ? "; " + skipped + (skipped == 1 ? " file that is not a picture skipped"
                : " files that are not pictures skipped") : "");
        Dataset data;
        if (total <= inMemoryBytes && total <= Integer.MAX_VALUE - 8) {
            byte[] pixels = new byte[(int) total];
            ImagePixelCache.decodeAll(items, spec, (i, bytes) -> System.arraycopy(bytes, 0, pixels, i * per, per));
            data = new ImageDataset(name, spec.channels(), spec.height(), spec.width(), pixels, labels, classes);
        } else {
            Path file = ImagePixelCache.file(cacheDir, root, items, spec);
            if (!ImagePixelCache.isComplete(file, total)) {
                ImagePixelCache.write(file, items, spec);
                what += "; pixels cached in " + file;
            } else {
                what += "; pixels from the cache " + file;
            }
            data = new RowDataset(name, spec, new ByteScaledRows(new FileRows(file, 0, n, per,
                    FileRows.DType.UINT8, ByteOrder.LITTLE_ENDIAN)), 1f, labels, classes);
        }
        return new Result(data, classes, skipped, what);
    }

    /** The target shape: the options', or the pictures' common size and the first picture's channels. */
    private static ImageSpec spec(Path root, List<ImageFolderListing.Item> items, Options options) throws IOException {
        int h = options.height();
        int w = options.width();
        if (h == 0) {
            int[] first = ImagePixels.size(items.get(0).file());
            for (ImageFolderListing.Item it : items) {
                int[] s = ImagePixels.size(it.file());
                if (s[0] != first[0] || s[1] != first[1]) {
                    throw new DataFormatException(root, "images have different sizes (" + items.get(0).file()
                            .getFileName() + " is " + first[0] + "x" + first[1] + ", " + root.relativize(it.file())
                            + " is " + s[0] + "x" + s[1] + "): pass --image-size HxW to resize them all");
                }
            }
            h = first[0];
            w = first[1];
            if (h > ImageSpec.MAX_SIDE || w > ImageSpec.MAX_SIDE) {
                throw new DataFormatException(root, "images are " + h + "x" + w + ", larger than "
                        + ImageSpec.MAX_SIDE + ": pass --image-size HxW");
            }
        }
        int c = options.channels();
        if (c == 0) {
            c = ImagePixels.isGrey(ImagePixels.decode(items.get(0).file())) ? 1 : 3;
        }
        return new ImageSpec(c, h, w);
    }
}
