package vae4j.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that readers only ever see the old content or the complete new content: the bytes go to a
 * temporary file in the same folder, are flushed and fsynced, and the file is renamed over the target atomically
 * (then the folder is fsynced so the rename itself survives a crash). A failed write leaves the old file intact.
 */
public final class AtomicFiles {
    /** Temporaries not yet renamed into place: a shutdown hook deletes them (SIGINT, SIGTERM, System.exit). */
    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();
    /** A temporary untouched this long is left over from a killed process (SIGKILL, power loss), not being written. */
    static final Duration STALE_AFTER = Duration.ofMinutes(1);
    private static final AtomicBoolean HOOK = new AtomicBoolean();

    private AtomicFiles() {
    }

    /**
     * Registers a temporary file (or empty folder) for deletion if the JVM shuts down before {@link #unregister} is
     * called, so that a signal does not leave it behind.
     */
    public static void register(Path tmp) {
        if (HOOK.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(AtomicFiles::deletePending, "vae4j-temp-cleanup"));
        }
        PENDING.add(tmp);
    }

    /** The temporary is gone or renamed into place: no longer the shutdown hook's business. */
    public static void unregister(Path tmp) {
        PENDING.remove(tmp);
    }

    private static void deletePending() {
        for (Path p : PENDING) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort while the JVM exits
            }
        }
    }

    /**
     * Deletes the temporaries {@link #write} leaves beside {@code target} when its process is killed outright
     * ({@code .NAME.DIGITS.tmp}, untouched for {@link #STALE_AFTER}); fresher ones may belong to a writer still at
     * work and are kept.
     *
     * @return how many were deleted
     */
    public static int sweepStale(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        String prefix = "." + target.getFileName() + ".";
        int n = 0;
        if (dir == null || !Files.isDirectory(dir)) {
            return 0;
        }
        long cutoff = System.currentTimeMillis() - STALE_AFTER.toMillis();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> {
            String f = p.getFileName().toString();
            return f.startsWith(prefix) && f.endsWith(".tmp")
                    && f.substring(prefix.length(), f.length() - 4).matches("[0-9]+");
        })) {
            for (Path p : s) {
                try {
                    if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                            && Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis() < cutoff) {
                        Files.delete(p);
                        n++;
                    }
                } catch (IOException ignored) {
                    // gone already, or not ours to delete
                }
            }
        } catch (IOException ignored) {
            // an unreadable folder: the write itself will report it
        }
        return n;
    }

    /** Something that writes a file's content to a stream. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Writes {@code target} atomically with what {@code writer} produces. */
    public static void write(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        sweepStale(target);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        register(tmp);
        try {
            readableByAll(tmp, false);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(ch)) {
                OutputStream buffered = new java.io.BufferedOutputStream(out, 1 << 16);
                writer.write(buffered);
                buffered.flush();
                ch.force(true);
            }
            move(tmp, target);
            fsyncDirectory(dir);
        } catch (IOException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (m.contains(target.getFileName().toString())) {
                throw e;
            }
            throw new IOException("cannot write " + target + ": " + m, e);
        } finally {
            Files.deleteIfExists(tmp);
            unregister(tmp);
        }
    }

    /** Writes a UTF-8 text file atomically. */
    public static void writeString(Path target, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes));
    }

    /** Renames {@code from} to {@code to} atomically, replacing {@code to}. */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + from + " to " + to + " atomically (different file systems?)", e);
        }
    }

    /**
     * Gives a temporary file or folder (created owner-only by {@code Files.createTemp*}) the usual permissions,
     * {@code rw-r--r--} or {@code rwxr-xr-x}, where the file system has POSIX permissions.
     */
    public static void readableByAll(Path p, boolean folder) throws IOException {
        try {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(
                    folder ? "rwxr-xr-x" : "rw-r--r--"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: its defaults apply
        }
    }

    /** Makes a completed rename in {@code dir} durable (best effort where the platform cannot open folders). */
    public static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // some file systems refuse to open a folder for reading; the rename is still atomic
        }
    }
}
