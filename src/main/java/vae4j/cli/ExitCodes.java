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
    /** Interrupted by Ctrl-C (SIGINT), after writing a checkpoint. */
    public static final int INTERRUPTED = 130;
    /** Stopped by SIGTERM, after writing a checkpoint. */
    public static final int TERMINATED = 143;

    private ExitCodes() {
    }

    /** The code for an exception that escaped a command. */
    public static int of(Throwable e) {
        if (e instanceof IdxFormatException || e instanceof DatasetUnavailableException) {
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
        String m = e.getMessage();
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

    static void print(Throwable e, PrintWriter err, boolean verbose) {
        err.println("vae4j: error: " + message(e));
        if (verbose) {
            e.printStackTrace(err);
        }
        err.flush();
    }
}
