package vae4j.spark;

import vae4j.cli.ExitCodes;

/** One line and an exit code for whatever stopped a job, wherever it was thrown (driver, or a task). */
final class JobErrors {
    private JobErrors() {
    }

    /** The problem the user should read: ours when one is in the cause chain, else the first line of the error. */
    static String message(Throwable e) {
        SparkJobException ours = find(e);
        if (ours != null) {
            return ours.getMessage();
        }
        String m = e.getMessage();
        if (m != null) {
            // a task's error reaches the driver as text when its class could not be sent along
            int at = m.indexOf(SparkJobException.class.getName() + ": ");
            if (at >= 0) {
                return firstLine(m.substring(at + SparkJobException.class.getName().length() + 2));
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String r = root.getMessage();
        return (r == null ? root.getClass().getName() : firstLine(r));
    }

    /** The exit code: vae4j's for our problems (2 usage, 3 data, 4 I/O), 1 for anything else. */
    static int exitCode(Throwable e) {
        SparkJobException ours = find(e);
        if (ours != null) {
            return ours.exitCode();
        }
        String m = e.getMessage();
        if (m != null && m.contains(SparkJobException.class.getName())) {
            return ExitCodes.DATA;
        }
        if (e instanceof IllegalArgumentException) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.SOFTWARE;
    }

    private static SparkJobException find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SparkJobException s) {
                return s;
            }
        }
        return null;
    }

    private static String firstLine(String m) {
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).strip();
    }
}
