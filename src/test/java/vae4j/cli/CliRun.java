package vae4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the command line, as tests see it: exit code, standard output and standard error. */
record CliRun(int code, String out, String err) {
    /** Runs {@code vae4j ARGS...} through {@link Main#execute} with captured output. */
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
