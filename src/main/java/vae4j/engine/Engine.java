package vae4j.engine;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_full;
import org.bytedeco.pytorch.global.torch;

/**
 * The one entry point that makes libtorch usable: every public path into native code calls {@link #init()} first.
 *
 * <p>It fixes two traps of JavaCPP's PyTorch binding (see ENGINE-NOTES.md):
 * <ol>
 *   <li><b>Crash on the first load.</b> JavaCPP unpacks each native library just before loading it, so when
 *       {@code libtorch.so} is loaded, {@code libtorch_cpu.so} may not be in the cache yet and the dynamic loader
 *       falls back to the system path, where a different libtorch (Debian's 1.13) may live: two libtorch versions in one
 *       process crash. {@code init()} unpacks every native file of javacpp, openblas and pytorch into the cache
 *       <em>before</em> loading anything.</li>
 *   <li><b>Thread over-subscription.</b> libgomp's worker threads spin while OpenBLAS runs its own threads; on two
 *       cores that made training 25x slower. The launcher exports {@code OMP_WAIT_POLICY=PASSIVE}; a JVM that did not
 *       (vae4j embedded in another program) cannot change it after the fact, so {@code init()} then falls back to a
 *       single OpenBLAS thread (no competition, ~1.4x slower MLP training instead of 25x) and logs how to fix it.</li>
 * </ol>
 *
 * <p><b>One thread pool for everything.</b> The bundled OpenBLAS runs its own pthreads beside libgomp's pool, which is
 * why libgomp must sleep instead of spin. When an OpenBLAS built with OpenMP is installed (Debian and Ubuntu:
 * {@code apt-get install libopenblas0-openmp}), {@code init()} loads it before libtorch, so that libtorch's matrix
 * products run in the same libgomp pool as its element-wise ops and the pool may spin between regions as PyTorch's
 * does (pytorch-mlp training on 2 cores went from 0.72x to 1.13x PyTorch's speed, bench/RESULTS.md). {@code vae4j.blas} /
 * {@code VAE4J_BLAS} picks: {@code auto} (the default: the system's OpenMP OpenBLAS when present, else the bundled
 * one), {@code bundled}, or the path of an OpenMP {@code libopenblas.so.0}.
 */
public final class Engine {
    private static final Logger LOG = Logger.getLogger(Engine.class.getName());
    private static final String[] PRESETS = {"javacpp", "openblas", "pytorch"};
    private static volatile EngineInfo info;

    private Engine() {
    }

    /** What {@link #init()} set up. */
    public record EngineInfo(String platform, int threads, int blasThreads, String blasCore, boolean passiveWait,
                             File cacheDir, long initMillis, Path openmpBlas) {
        /** True when libtorch's matrix products run on the system's OpenMP OpenBLAS, in libgomp's pool. */
        public boolean sharedPool() {
            return openmpBlas != null;
        }

        @Override
        public String toString() {
            String forced = System.getenv("OPENBLAS_CORETYPE") == null ? "" : " forced by OPENBLAS_CORETYPE";
            if (openmpBlas != null) {
                return String.format(Locale.ROOT, "libtorch %s (%s), %d threads, OpenBLAS in libtorch's OpenMP pool"
                                + " (%s, %s kernels%s), OMP_WAIT_POLICY=%s", torchVersion(), platform, threads,
                        openmpBlas, blasCore, forced, passiveWait ? "PASSIVE" : "default");
            }
            return String.format(Locale.ROOT, "libtorch %s (%s), %d threads, OpenBLAS %d thread%s (%s kernels%s),"
                            + " OMP_WAIT_POLICY=%s", torchVersion(), platform, threads, blasThreads,
                    blasThreads == 1 ? "" : "s", blasCore, forced,
                    passiveWait ? "PASSIVE" : "unset (slow default avoided by a single OpenBLAS thread)");
        }
    }

    /**
     * Which OpenBLAS {@link #init()} loads, or has loaded, in one line and without loading anything (for
     * {@code --version}).
     *
     * @param platform JavaCPP's platform name, e.g. {@code linux-x86_64}
     */
    public static String blasChoice(String platform) {
        EngineInfo loaded = info;
        Path openmp;
        try {
            openmp = loaded != null ? loaded.openmpBlas() : OpenmpBlas.choose(platform);
        } catch (EngineException e) {
            return "OpenBLAS: " + e.getMessage();
        }
        return openmp == null ? "OpenBLAS: bundled (its own threads beside libtorch's OpenMP pool)"
                : "OpenBLAS: " + openmp + " (OpenMP build, in libtorch's thread pool)";
    }

    /** The libtorch version this build binds. */
    public static String torchVersion() {
        return "2.10.0";
    }

    /**
     * Unpacks and loads the native libraries once and applies the thread settings. Safe to call from any thread, any
     * number of times.
     *
     * @return what was set up
     * @throws EngineException if the native libraries cannot be unpacked or loaded
     */
    public static EngineInfo init() {
        EngineInfo current = info;
        if (current != null) {
            return current;
        }
        synchronized (Engine.class) {
            if (info == null) {
                info = load();
            }
            return info;
        }
    }

    private static EngineInfo load() {
        long start = System.nanoTime();
        String platform = Loader.getPlatform();
        File cacheDir;
        try {
            for (String preset : PRESETS) {
                for (String variant : List.of(platform, platform + "-gpu")) {
                    String folder = "/org/bytedeco/" + preset + "/" + variant + "/";
                    if (Engine.class.getResource(folder) != null) {
                        Loader.cacheResources(Engine.class, folder);
                    }
                }
            }
            cacheDir = Loader.getCacheDir();
        } catch (IOException | RuntimeException e) {
            throw new EngineException("cannot load libtorch natives for " + platform + ": " + e.getMessage()
                    + " (is the pytorch " + platform + " jar on the class path?)", e);
        }
        Path openmpBlas = OpenmpBlas.choose(platform);
        if (openmpBlas != null) {
            try {
                // before libtorch: its NEEDED libopenblas.so.0 then binds to this copy, and loaded globally its
                // symbols come first for every later library (the openblas preset's thread calls included)
                Loader.load(Loader.class);
                Loader.loadGlobal(openmpBlas.toString());
            } catch (RuntimeException | UnsatisfiedLinkError e) {
                throw new EngineException("cannot load the OpenMP OpenBLAS " + openmpBlas + ": " + e.getMessage()
                        + " (VAE4J_BLAS=bundled uses the bundled OpenBLAS)", e);
            }
        }
        try {
            Loader.load(torch.class);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new EngineException("cannot load libtorch natives for " + platform + ": " + e.getMessage()
                    + " (is the pytorch " + platform + " jar on the class path?)", e);
        }
        int threads = intSetting("vae4j.threads", "VAE4J_THREADS", Runtime.getRuntime().availableProcessors());
        boolean passive = "PASSIVE".equalsIgnoreCase(System.getenv("OMP_WAIT_POLICY"));
        int blasThreads = passive
                ? intSetting("vae4j.blasThreads", "OPENBLAS_NUM_THREADS", threads)
                : 1;
        torch.set_num_threads(threads);
        // NNPACK only warns ("Could not initialize NNPACK! Reason: Unsupported hardware", 4 lines, on every conv
        // command) on CPUs it does not support; the convolutions take oneDNN's path without it either way
        torch.globalContext().setUserEnabledNNPACK(false);
        if (openmpBlas == null) {
            applyBlasThreads(blasThreads);
        }
        if (!passive && openmpBlas == null) {
            LOG.warning("OMP_WAIT_POLICY is not PASSIVE in this JVM: OpenBLAS limited to 1 thread to avoid a 25x"
                    + " slowdown. For full speed start the JVM with OMP_WAIT_POLICY=PASSIVE in its environment"
                    + " (the ./vae4j launcher does).");
        }
        String core = openblas_full.openblas_get_corename().getString().trim();
        return new EngineInfo(platform, threads, openmpBlas == null ? blasThreads : threads, core, passive, cacheDir,
                (System.nanoTime() - start) / 1_000_000, openmpBlas);
    }

    /**
     * Sets OpenBLAS's thread count at run time. Matrix-heavy models (MLPs) are fastest with OpenBLAS on every core;
     * convolutional models with OpenBLAS on one thread, since its threads compete with oneDNN's OpenMP threads. With
     * the OpenMP OpenBLAS ({@link EngineInfo#sharedPool()}) it does nothing: that OpenBLAS runs on libtorch's threads.
     */
    public static void setBlasThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("BLAS thread count must be >= 1, got " + n);
        }
        if (!init().sharedPool()) {
            applyBlasThreads(n);
        }
    }

    private static void applyBlasThreads(int n) {
        Loader.load(openblas_full.class);
        openblas_full.openblas_set_num_threads(n);
    }

    /**
     * Picks OpenBLAS's thread count for a kind of model: every configured thread for matrix-heavy models (MLPs), one
     * for convolutional models (measured: 2,785 vs 1,434 images/s for the Keras conv VAE on 2 cores). Without
     * {@code OMP_WAIT_POLICY=PASSIVE} it stays at one thread, and an explicit {@code OPENBLAS_NUM_THREADS} wins.
     */
    public static void preferBlasThreadsFor(boolean matrixHeavy) {
        EngineInfo i = init();
        if (i.sharedPool() || !i.passiveWait() || System.getenv("OPENBLAS_NUM_THREADS") != null
                || System.getProperty("vae4j.blasThreads") != null) {
            return;
        }
        setBlasThreads(matrixHeavy ? i.blasThreads() : 1);
    }

    /**
     * One OpenBLAS thread for a process that only runs inference on one worker (the CLI's {@code evaluate}; in the
     * shared OpenMP pool nothing changes, since OpenBLAS's threads are libtorch's there), unless
     * {@code OPENBLAS_NUM_THREADS} or {@code vae4j.blasThreads} says otherwise. Inference multiplies blocks of 32 to
     * 256 examples, and the second core has other work (the complexity term, libtorch's element-wise ops); with
     * OpenBLAS's own threads on a busy machine its idle workers spin and used 2-4x the CPU time per row
     * (bench/RESULTS.md, "Inference"). It also makes the scores independent of the machine's core count: OpenBLAS
     * rounds a product differently with another thread count (last digits, about 1e-8 relative). Not for libraries
     * embedded in other programs: the setting is process-wide.
     */
    public static void preferOneBlasThreadForInference() {
        if (!init().sharedPool()) {
            preferBlasThreadsFor(false);
        }
    }

    /**
     * Sets the process up for inference split into one worker per core ({@code vae4j score}, {@code calibrate}) and
     * says how many workers to run. With the bundled OpenBLAS: one OpenBLAS thread (as
     * {@link #preferOneBlasThreadForInference()}) and then a worker per libtorch thread, unless an explicit
     * {@code OPENBLAS_NUM_THREADS} or {@code vae4j.blasThreads} other than 1 keeps OpenBLAS threaded (then one
     * worker). In the shared OpenMP pool: one libtorch thread, so that OpenBLAS too runs single-threaded in each
     * worker, and a worker per configured thread; an explicit {@code OPENBLAS_NUM_THREADS} or {@code vae4j.blasThreads}
     * there leaves libtorch's threads alone and gives one worker (never several multi-threaded workers, which would
     * spin against each other). Process-wide: for command-line processes, not for libraries embedded in other programs.
     *
     * @return the number of workers, {@code >= 1}
     */
    public static int perCoreInferenceWorkers() {
        EngineInfo i = init();
        if (!i.sharedPool()) {
            preferBlasThreadsFor(false);
            return blasThreads() == 1 ? i.threads() : 1;
        }
        if (System.getenv("OPENBLAS_NUM_THREADS") != null || System.getProperty("vae4j.blasThreads") != null) {
            return 1;
        }
        torch.set_num_threads(1);
        return i.threads();
    }

    /**
     * Starts the engine and gives the calling thread libtorch's thread setting. OpenMP keeps the thread count per
     * thread: a thread the JVM started (an inference worker, a Spark task, a web request) begins with OpenMP's default
     * of every core, and libtorch applies its own setting to it only at the thread's first parallel element-wise op.
     * A matrix product before that, in the OpenMP build of OpenBLAS, ran on every core from each worker (and rounded
     * differently from one thread). {@link Inference} and {@link NoGrad} call it, so every inference region does.
     * libtorch sets a thread up once: a thread that already ran a parallel op keeps the count of that time, even after
     * a later {@code set_num_threads} elsewhere (vae4j's workers are new threads for each call).
     */
    public static void adoptThreadSetting() {
        init();
        torch.get_num_threads(); // libtorch's lazy per-thread init: omp_set_num_threads(its setting) on this thread
    }

    /**
     * OpenBLAS's current thread count. In the shared pool: 1 when {@code OPENBLAS_NUM_THREADS=1} (that OpenBLAS then
     * never goes parallel) or after {@link #perCoreInferenceWorkers()} set libtorch to one thread, else libtorch's
     * thread count.
     */
    public static int blasThreads() {
        if (init().sharedPool()) {
            return "1".equals(System.getenv("OPENBLAS_NUM_THREADS")) ? 1 : torch.get_num_threads();
        }
        return openblas_full.openblas_get_num_threads();
    }

    private static int intSetting(String property, String env, int fallback) {
        String value = System.getProperty(property);
        if (value == null) {
            value = System.getenv(env);
        }
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the warning
        }
        LOG.warning("ignoring " + property + "/" + env + "=" + value + " (want a positive integer)");
        return fallback;
    }
}
