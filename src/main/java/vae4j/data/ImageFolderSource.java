package vae4j.data;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Images in folders, the layout of torchvision's {@code ImageFolder} and Keras' {@code image_dataset_from_directory}:
 * {@code root/<class>/**.png|jpg|jpeg} (classes are the sub-folders, sorted by name; their sub-folders are searched
 * too), or image files directly in {@code root} (unlabelled). Other files are not errors: they are counted in
 * {@link Result#skipped()}. Decoding uses the JDK's ImageIO; a file it cannot decode is a {@link DataFormatException}
 * naming it.
 *
 * <p>Every image becomes {@code [channels, height, width]} bytes: resized to the target size when it differs
 * (aspect ratio not preserved: the image is stretched; an axis that shrinks is area-averaged, one that grows is
 * interpolated linearly), transparency composited onto black, and with one channel converted to grey by luminance
 * {@code 0.299 R + 0.587 G + 0.114 B} (grey files keep their levels exactly). Model space is bytes / 255. Up to
 * {@code inMemoryBytes} (1 GiB by default) the bytes live in an {@link ImageDataset}; beyond, in a uint8 cache file
 * ({@code <cacheDir>/images-<key>.u8}, key = SHA-256 of the root, each file's name, size and modification time and
 * the options; reused when it matches) read through {@link FileRows}.
 */
public final class ImageFolderSource {
    /** File name endings read as images (lower case). */
    public static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg");
    /** Images up to this many bytes in all are held in memory by default. */
    public static final long DEFAULT_IN_MEMORY_BYTES = 1L << 30;
    private static final int CHUNK = 256;

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

    private record Item(Path file, int label) {
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
            throw new java.nio.file.NoSuchFileException(root.toString(), null, "not a directory");
        }
        List<Path> dirs = new ArrayList<>();
        List<Path> rootFiles = new ArrayList<>();
        int skipped = 0;
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.sorted().toList()) {
                if (Files.isDirectory(p)) {
                    if (p.getFileName().toString().startsWith(".")) {
                        continue;
                    }
                    dirs.add(p);
                } else if (isImage(p)) {
                    rootFiles.add(p);
                } else {
                    skipped++;
                }
            }
        }
        List<Item> items = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        if (!dirs.isEmpty()) {
            if (!rootFiles.isEmpty()) {
                throw new DataFormatException(root, rootFiles.size() + " images (e.g. " + rootFiles.get(0)
                        .getFileName() + ") lie directly in the folder beside the class folders ("
                        + String.join(", ", dirs.stream().map(d -> d.getFileName().toString()).toList())
                        + "): move them into a class folder");
            }
            for (Path d : dirs) {
                List<Path> files;
                try (Stream<Path> s = Files.walk(d)) {
                    files = s.filter(Files::isRegularFile).sorted().toList();
                }
                int label = classes.size();
                int before = items.size();
                for (Path f : files) {
                    if (isImage(f)) {
                        items.add(new Item(f, label));
                    } else {
                        skipped++;
                    }
                }
                if (items.size() == before) {
                    throw new DataFormatException(d, "class folder holds no .png, .jpg or .jpeg images");
                }
                classes.add(d.getFileName().toString());
            }
        } else {
            for (Path f : rootFiles) {
                items.add(new Item(f, -1));
            }
        }
        if (items.isEmpty()) {
            throw new DataFormatException(root, "no .png, .jpg or .jpeg images (in the folder or in class"
                    + " sub-folders)");
        }

        int h = options.height();
        int w = options.width();
        if (h == 0) {
            int[] first = size(items.get(0).file());
            for (Item it : items) {
                int[] s = size(it.file());
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
            c = isGrey(decode(items.get(0).file())) ? 1 : 3;
        }
        ImageSpec spec = new ImageSpec(c, h, w);
        int n = items.size();
        int per = spec.features();
        long total = (long) n * per;
        int[] labels = classes.isEmpty() ? null : items.stream().mapToInt(Item::label).toArray();
        String name = root.getFileName() == null ? root.toString() : root.getFileName().toString();
        String what = String.format(Locale.ROOT, "%,d images (%s) %s from %s", n, spec,
                classes.isEmpty() ? "without labels" : "in " + classes.size() + " classes", root.toAbsolutePath())
                + (skipped > 0 ? "; " + skipped + (skipped == 1 ? " file that is not a picture skipped" : " files that are not pictures skipped") : "");
        Dataset data;
        if (total <= inMemoryBytes && total <= Integer.MAX_VALUE - 8) {
            byte[] pixels = new byte[(int) total];
            decodeAll(items, spec, (i, bytes) -> System.arraycopy(bytes, 0, pixels, i * per, per));
            data = new ImageDataset(name, c, h, w, pixels, labels, classes);
        } else {
            Path file = cacheFile(root, items, spec);
            if (!Files.isRegularFile(file) || Files.size(file) != total) {
                Files.createDirectories(cacheDir);
                Path tmp = Files.createTempFile(cacheDir, "images-", ".u8.tmp");
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    decodeAll(items, spec, (i, bytes) -> {
                        ByteBuffer b = ByteBuffer.wrap(bytes);
                        long pos = (long) i * per;
                        try {
                            while (b.hasRemaining()) {
                                ch.write(b, pos + b.position());
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                } catch (UncheckedIOException e) {
                    Files.deleteIfExists(tmp);
                    throw e.getCause();
                } catch (IOException | RuntimeException e) {
                    Files.deleteIfExists(tmp);
                    throw e;
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
                what += "; pixels cached in " + file;
            } else {
                what += "; pixels from the cache " + file;
            }
            data = new RowDataset(name, spec, new ByteScaledRows(new FileRows(file, 0, n, per,
                    FileRows.DType.UINT8, ByteOrder.LITTLE_ENDIAN)), 1f, labels, classes);
        }
        return new Result(data, List.copyOf(classes), skipped, what);
    }

    private interface Sink {
        void put(int index, byte[] pixels);
    }

    /** Decodes in chunks, each in parallel; {@code sink} receives image {@code i}'s bytes. */
    private static void decodeAll(List<Item> items, ImageSpec spec, Sink sink) throws IOException {
        for (int start = 0; start < items.size(); start += CHUNK) {
            int from = start;
            int to = Math.min(items.size(), start + CHUNK);
            byte[][] out = new byte[to - from][];
            try {
                IntStream.range(from, to).parallel().forEach(i -> {
                    try {
                        out[i - from] = pixels(items.get(i).file(), spec);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            for (int i = from; i < to; i++) {
                sink.put(i, out[i - from]);
            }
        }
    }

    /** One image file as {@code [c, h, w]} bytes of {@code spec}. */
    static byte[] pixels(Path file, ImageSpec spec) throws IOException {
        BufferedImage rgb = resize(toRgb(decode(file)), spec.height(), spec.width());
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

    private static boolean isGrey(BufferedImage img) {
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

    private Path cacheFile(Path root, List<Item> items, ImageSpec spec) throws IOException {
        StringBuilder sb = new StringBuilder("vae4j-images v1\n").append(root.toAbsolutePath().normalize())
                .append('\n').append(spec).append('\n');
        for (Item it : items) {
            BasicFileAttributes a = Files.readAttributes(it.file(), BasicFileAttributes.class);
            sb.append(root.relativize(it.file())).append('\t').append(a.size()).append('\t')
                    .append(a.lastModifiedTime().toInstant()).append('\t').append(it.label()).append('\n');
        }
        return cacheDir.resolve("images-" + Hashing.sha256Hex(sb.toString().getBytes(StandardCharsets.UTF_8))
                + ".u8");
    }
}
