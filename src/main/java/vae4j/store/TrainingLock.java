package vae4j.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a model folder for one training process: a second process training into the same folder is
 * refused instead of interleaving checkpoints. The lock is the operating system's (released when the process dies,
 * even by kill -9), on the hidden file {@code .lock} inside the model folder, resolved to its real path: trainers that
 * reach one folder through different paths (a symbolic link and its target) contend for the same lock.
 */
public final class TrainingLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private TrainingLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock for {@code modelDir}, creating the folder if it does not exist.
     *
     * @throws IOException naming the holder's process id if another process holds it, or if {@code modelDir} is a
     *                     file or a folder that is not a model folder (nothing is written into it then)
     */
    public static TrainingLock acquire(Path modelDir) throws IOException {
        Path dir = modelDir.toAbsolutePath().normalize();
        String problem = ModelDirectory.problemWith(dir);
        if (problem != null) {
            throw new IOException(problem);
        }
        Files.createDirectories(dir);
        Path file = dir.toRealPath().resolve(VersionedFolder.LOCK);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null; // held by this very JVM
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
            ch.close();
            throw new IOException(dir + " is being trained by another vae4j process" + (holder.isEmpty() ? ""
                    : " (pid " + holder + ")") + "; wait for it to finish or stop it first");
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
        ch.force(true);
        return new TrainingLock(ch, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
