package vae4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's resident memory, from /proc (Linux); -1 where unavailable. */
public final class ProcessMemory {
    private ProcessMemory() {
    }

    /** Peak resident set size in MiB (VmHWM). */
    public static double peakRssMib() {
        return field("VmHWM:");
    }

    /** Current resident set size in MiB (VmRSS). */
    public static double rssMib() {
        return field("VmRSS:");
    }

    private static double field(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).replace("kB", "").trim()) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // not Linux, or an unexpected format
        }
        return -1;
    }
}
