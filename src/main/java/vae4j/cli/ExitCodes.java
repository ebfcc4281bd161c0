package vae4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import vae4j.data.DatasetUnavailableException;
import vae4j.data.IdxFormatException;
import vae4j.engine.EngineException;
import vae4j.train.TrainingDivergedException;

/** Process exit codes, one per kind of failure, and the mapping from exceptions. */
public final class ExitCodes {
    public static final int OK = 0;
    /** An unexpected internal error (a bug: please report it with --verbose output). */
    public static final int SOFTWARE = 1;
    /** Bad command line or option values. */
    public static final int USAGE = 2;
    /** Input data missing, unreachable or malformed. */
    public static final int DATA = 3;
    /** Reading or writing a file failed (missing/corrupt model folder, disk full, permissions). */
    public static final int IO = 4;
    /** Training produced NaN or infinite losses. */
    public static final int DIVERGED = 5;
    /** The native engine could not be loaded. */
    public static final int ENGINE = 6;
    /** Out of memory: the native engine (or the JVM) could not allocate what the run needs. */
    public static final int OUT_OF_MEMORY = 7;
    /** Interrupted by Ctrl-C (SIGINT), after writing a checkpoint. */
    public static final int INTERRUPTED = 130;
    /** Stopped by SIGTERM, after writing a checkpoint. */
    public static final int TERMINATED = 143;

    private ExitCodes() {
    }

    /** The code for an exception that escaped a command. */
    public static int of(Throwable e) {
        if (isOutOfMemory(e)) {
            return OUT_OF_MEMORY;
        }
        if (e instanceof IdxFormatException || e instanceof DatasetUnavailableException
                || e instanceof vae4j.data.DataFormatException) {
            return DATA;
        }
        if (e instanceof IllegalArgumentException) {
            return USAGE;
        }
        if (e instanceof IOException || e instanceof java.io.UncheckedIOException) {
            return IO;
        }
        if (e instanceof TrainingDivergedException) {
            return DIVERGED;
        }
        if (e instanceof EngineException || e instanceof UnsatisfiedLinkError) {
            return ENGINE;
        }
        return SOFTWARE;
    }

    /** One line for the user: the message, with the exception kind where the message alone would be unclear. */
    static String message(Throwable e) {
        String m = firstLine(e.getMessage());
        if (isOutOfMemory(e)) {
            int at = m == null ? -1 : m.indexOf("DefaultCPUAllocator");
            String what = m == null || m.isBlank() ? "the engine could not allocate memory"
                    : at >= 0 ? m.substring(at) : m;
            return "out of memory: " + what + " (use smaller --hidden, --batch-size or model)";
        }
        if (e instanceof java.nio.file.NoSuchFileException n) {
            return n.getFile() + ": " + (n.getReason() == null ? "no such file" : n.getReason());
        }
        if (e instanceof java.nio.file.AccessDeniedException a) {
            return a.getFile() + ": permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && m != null && m.contains("No space left")) {
            return f.getFile() + ": no space left on the device";
        }
        if (m == null || m.isBlank() || of(e) == SOFTWARE) {
            return e.getClass().getName() + (m == null ? "" : ": " + m) + " (an internal error; rerun with --verbose"
                    + " and report it)";
        }
        return m;
    }

    /**
     * True for allocation failures: a native one from libtorch (a RuntimeException whose message names its CPU
     * allocator, "not enough memory" or std::bad_alloc) or the JVM's own OutOfMemoryError.
     */
    static boolean isOutOfMemory(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return true;
        }
        if (!(e instanceof RuntimeException) || e instanceof IllegalArgumentException) {
            return false;
        }
        String m = e.getMessage();
        return m != null && (m.contains("DefaultCPUAllocator") || m.contains("not enough memory")
                || m.contains("std::bad_alloc") || m.contains("CUDA out of memory"));
    }

    /** A native error's message carries a C++ backtrace after its first line: only that line is for the user. */
    private static String firstLine(String m) {
        if (m == null) {
            return null;
        }
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).strip();
    }

    static void print(Throwable e, PrintWriter err, boolean verbose) {
        err.println("vae4j: error: " + message(e));
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
    }
}
