package vae4j.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import vae4j.engine.Engine;

/**
 * What must be settled in a JVM before vae4j loads libtorch there (driver or executor), once per JVM:
 * <ul>
 *   <li><b>threads</b>: libtorch's and OpenBLAS's thread counts ({@code vae4j.threads}, {@code vae4j.blasThreads})
 *       are set to Spark's cores per task ({@code spark.task.cpus}, default 1), so an executor running N tasks at
 *       once uses N x task.cpus threads, not N x all its cores. Values the user set as system properties win.</li>
 *   <li><b>JavaCPP's native cache</b> ({@code org.bytedeco.javacpp.cachedir}, about 420 MB unpacked once): kept
 *       when set (e.g. in {@code spark.executor.extraJavaOptions}); else JavaCPP's default {@code ~/.javacpp/cache}
 *       when the home folder is writable; else {@code fallback}, a folder of this executor (Spark's files root).
 *       vae4j's {@link Engine#init()} then unpacks every native file there before loading any, so that a
 *       libtorch on the system path (Debian's) is never picked up.</li>
 * </ul>
 */
final class NativeSetup {
    private static boolean done;

    private NativeSetup() {
    }

    /** Applies the settings (only the first call in a JVM counts) and starts the engine. */
    static synchronized void prepare(int taskCpus, Path fallback) {
        if (!done) {
            String threads = Integer.toString(Math.max(1, taskCpus));
            if (System.getProperty("vae4j.threads") == null) {
                System.setProperty("vae4j.threads", threads);
            }
            if (System.getProperty("vae4j.blasThreads") == null) {
                System.setProperty("vae4j.blasThreads", threads);
            }
            if (System.getProperty("org.bytedeco.javacpp.cachedir") == null && !homeCacheWritable()) {
                System.setProperty("org.bytedeco.javacpp.cachedir", fallback.resolve("javacpp-cache").toString());
            }
            done = true;
        }
        Engine.init();
    }

    private static boolean homeCacheWritable() {
        String home = System.getProperty("user.home");
        if (home == null || home.isEmpty() || "?".equals(home)) {
            return false;
        }
        Path cache = Path.of(home, ".javacpp", "cache");
        try {
            Files.createDirectories(cache);
            return Files.isWritable(cache);
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }
}
