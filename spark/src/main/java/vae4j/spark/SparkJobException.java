package vae4j.spark;

/**
 * A problem with a job's input, model or output, stated in one line for the user (the job prints its message and
 * exits with {@link #exitCode()}, without a stack trace).
 */
public class SparkJobException extends RuntimeException {
    private final int exitCode;

    /**
     * @param exitCode the exit code of vae4j's CLI for this kind of problem (2 usage, 3 data, 4 I/O)
     */
    public SparkJobException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public SparkJobException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** The process exit code for this problem. */
    public int exitCode() {
        return exitCode;
    }
}
