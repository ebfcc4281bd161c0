import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import vae4j.Vae4j;
import vae4j.data.Dataset;
import vae4j.engine.Devices;
import vae4j.engine.Engine;
import vae4j.eval.Evaluation;
import vae4j.eval.ExampleScore;
import vae4j.eval.LatentCodes;
import vae4j.eval.Scorer;
import vae4j.model.Vae;
import vae4j.train.Precision;

/**
 * vae4j side of bench/infer_bench.py: the library's own inference entry points on a saved model and the first N
 * Fashion-MNIST test images; up to 3 warm-up passes, then PASSES passes (default 1) timed; one JSON line with rows/s and the process's
 * CPU time per row (all threads; less disturbed by other processes than the wall clock on a busy machine).
 * Run by bench/infer-bench.sh (not part of the build):
 *   java -cp target/classes:$(cat target/classpath.txt) bench/InferBench.java MODEL score|encode|evaluate K N [PASSES]
 */
public class InferBench {
    /** True for the command line's thread settings ({@code -Dside=cli}), false for the library's defaults. */
    static final boolean CLI = "cli".equals(System.getProperty("side"));
    /** {@code -Dprecision=bf16}: the networks' matrix work in bfloat16, as {@code --precision bf16} does. */
    static final Precision PRECISION = Precision.parseInference(System.getProperty("precision", "fp32"));

    public static void main(String[] a) throws Exception {
        Path model = Path.of(a[0]);
        String task = a[1];
        int k = Integer.parseInt(a[2]);
        int n = Integer.parseInt(a[3]);
        Engine.EngineInfo info = Engine.init();
        Vae vae = Vae4j.load(model).model();
        Dataset all = Vae4j.dataset("fashion-mnist").test();
        Dataset data = all.head(n);
        int passes = a.length > 4 ? Integer.parseInt(a[4]) : 1;
        for (int i = 0; i < Math.min(passes, 3); i++) {
            run(vae, data, task, k); // warm-up: the same pass, up to 3 times (JIT, allocator)
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                        .getOperatingSystemMXBean();
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        int rows = 0;
        for (int i = 0; i < passes; i++) {
            rows += run(vae, data, task, k);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - c0) / 1e9;
        System.out.printf(Locale.ROOT, "{\"engine\": \"vae4j\", \"task\": \"%s\", \"k\": %s, \"rows\": %d,"
                        + " \"seconds\": %.4f, \"rows_per_s\": %.1f, \"cpu_us_per_row\": %.1f, \"threads\": %d,"
                        + " \"blas_threads\": %d, \"precision\": \"%s\"}%n", task,
                task.equals("encode") ? "null" : String.valueOf(k), rows, s, rows / s, cpu * 1e6 / rows, info.threads(),
                Engine.blasThreads(), PRECISION.id());
    }

    static int run(Vae vae, Dataset data, String task, int k) {
        switch (task) {
            case "score" -> {
                List<ExampleScore> out = new ArrayList<>(data.size());
                // -Dside=cli: as `vae4j score` does, one single-threaded block of examples per core
                Integer fixed = Integer.getInteger("scorerThreads");
                int threads = fixed != null ? fixed : CLI ? Engine.perCoreInferenceWorkers() : 1;
                new Scorer(vae, new Scorer.Settings(k, 1, 64)).withThreads(threads).withPrecision(PRECISION)
                        .score(data, out::add, done -> { });
                return out.size();
            }
            case "encode" -> {
                // -Dside=cli: as `vae4j encode` does, one single-threaded batch per core with the bundled OpenBLAS
                int threads = CLI && (!Engine.init().sharedPool() || Boolean.getBoolean("perCoreEncode"))
                        ? Engine.perCoreInferenceWorkers() : 1;
                return LatentCodes.encode(vae, data, Devices.cpu(), threads, PRECISION).size();
            }
            case "evaluate" -> {
                // -Dside=cli: as `vae4j evaluate` does, one single-threaded batch per core
                Integer fixed = Integer.getInteger("evalThreads"); // 1: the earlier way, one batch on every core
                int threads = fixed != null ? fixed : CLI ? Engine.perCoreInferenceWorkers() : 1;
                return Evaluation.evaluate(vae, data, k, false, 1, Devices.cpu(), threads, PRECISION, done -> { })
                        .images();
            }
            default -> throw new IllegalArgumentException("task: score, encode or evaluate, got " + task);
        }
    }
}
