package vae4j.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Decoding every picture of a listing ({@link ImagePixels}, in parallel chunks), into memory or into a uint8 cache
 * file {@code <cacheDir>/images-<key>.u8} ({@code [n, c, h, w]} bytes; key = SHA-256 of the root, each file's name,
 * size and modification time, its label and the target spec). The file is written under a temporary name and renamed;
 * one that exists with the right size is reused.
 */
final class ImagePixelCache {
    private static final int CHUNK = 256;

    private ImagePixelCache() {
    }

    /** Receives picture {@code index}'s bytes. */
    interface Sink {
        void put(int index, byte[] pixels);
    }

    /** Decodes in chunks, each in parallel; {@code sink} receives picture {@code i}'s bytes, in order. */
    static void decodeAll(List<ImageFolderListing.Item> items, ImageSpec spec, Sink sink) throws IOException {
        for (int start = 0; start < items.size(); start += CHUNK) {
            int from = start;
            int to = Math.min(items.size(), start + CHUNK);
            byte[][] out = new byte[to - from][];
            try {
                IntStream.range(from, to).parallel().forEach(i -> {
                    try {
                        out[i - from] = ImagePixels.pixels(items.get(i).file(), spec);
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

    /** The cache file of these pictures at {@code spec} (it may not exist yet). */
    static Path file(Path cacheDir, Path root, List<ImageFolderListing.Item> items, ImageSpec spec)
            throws IOException {
        return cacheDir.resolve("images-" + key(root, items, spec) + ".u8");
    }

    /** True when {@code file} exists with {@code bytes} bytes (a finished cache). */
    static boolean isComplete(Path file, long bytes) throws IOException {
        return Files.isRegularFile(file) && Files.size(file) == bytes;
    }

    /** Decodes every picture into {@code file} (through a temporary file and a rename). */
    static void write(Path file, List<ImageFolderListing.Item> items, ImageSpec spec) throws IOException {
        Path cacheDir = file.getParent();
        Files.createDirectories(cacheDir);
        int per = spec.features();
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
    }

    private static String key(Path root, List<ImageFolderListing.Item> items, ImageSpec spec) throws IOException {
        StringBuilder sb = new StringBuilder("vae4j-images v1\n").append(root.toAbsolutePath().normalize())
                .append('\n').append(spec).append('\n');
        for (ImageFolderListing.Item it : items) {
            BasicFileAttributes a = Files.readAttributes(it.file(), BasicFileAttributes.class);
            sb.append(root.relativize(it.file())).append('\t').append(a.size()).append('\t')
                    .append(a.lastModifiedTime().toInstant()).append('\t').append(it.label()).append('\n');
        }
        return Hashing.sha256Hex(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
