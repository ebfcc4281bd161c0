package vae4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The system's OpenMP OpenBLAS in libtorch's thread pool ({@code VAE4J_BLAS}, {@link OpenmpBlas}): the setting is
 * read as documented, and where Debian's {@code libopenblas0-openmp} is installed (CI installs it) a child JVM really
 * binds libtorch's matrix products and OpenMP calls to it and trains as the bundled OpenBLAS does.
 */
class SharedPoolTest {
    private static final Path DEBIAN = OpenmpBlas.debianPath("linux-x86_64");

    @TempDir
    Path tmp;

    @Test
    void settingPicksBundledAutoOrAFileAndRefusesAnythingElse() {
        assertThat(OpenmpBlas.debianPath("linux-x86_64"))
                .isEqualTo(Path.of("/usr/lib/x86_64-linux-gnu/openblas-openmp/libopenblas.so.0"));
        assertThat(OpenmpBlas.debianPath("linux-arm64"))
                .isEqualTo(Path.of("/usr/lib/aarch64-linux-gnu/openblas-openmp/libopenblas.so.0"));
        assertThat(OpenmpBlas.debianPath("macosx-x86_64")).isNull();
        String before = System.getProperty("vae4j.blas");
        try {
            System.setProperty("vae4j.blas", "bundled");
            assertThat(OpenmpBlas.choose("linux-x86_64")).isNull();
            System.setProperty("vae4j.blas", "BUNDLED");
            assertThat(OpenmpBlas.choose("linux-x86_64")).isNull();
            System.setProperty("vae4j.blas", "auto");
            assertThat(OpenmpBlas.choose("linux-x86_64")).isEqualTo(Files.isReadable(DEBIAN) ? DEBIAN : null);
            assertThat(OpenmpBlas.choose("macosx-x86_64")).isNull();
            System.setProperty("vae4j.blas", tmp.resolve("no-such-libopenblas.so.0").toString());
            assertThatThrownBy(() -> OpenmpBlas.choose("linux-x86_64")).isInstanceOf(EngineException.class)
                    .hasMessageContaining("vae4j.blas=" + tmp.resolve("no-such-libopenblas.so.0"))
                    .hasMessageContaining("auto, bundled or the absolute path");
            System.setProperty("vae4j.blas", "openblas.so");
            assertThatThrownBy(() -> OpenmpBlas.choose("linux-x86_64")).isInstanceOf(EngineException.class)
                    .hasMessageContaining("vae4j.blas=openblas.so");
        } finally {
            if (before == null) {
                System.clearProperty("vae4j.blas");
            } else {
                System.setProperty("vae4j.blas", before);
            }
        }
    }

    /**
     * The launchers decide libgomp's wait policy with a bash copy of {@link OpenmpBlas#choose}: PASSIVE exactly when
     * the JVM will load the bundled OpenBLAS (or refuse the setting), unset when it will load the OpenMP build.
     */
    @Test
    void theLaunchersRuleAgreesWithTheJvmsAndBothLaunchersHoldTheSameCopy() throws Exception {
        Path file = Files.writeString(tmp.resolve("libopenblas.so.0"), "not a library, but a file that exists");
        List<String> values = List.of("auto", "AUTO", " auto ", "", "bundled", "BUNDLED", " Bundled ",
                tmp.resolve("missing.so.0").toString(), "relative/libopenblas.so.0", file.toString(), DEBIAN.toString());
        String before = System.getProperty("vae4j.blas");
        try {
            for (String v : values) {
                // a blank property falls through to VAE4J_BLAS, which this JVM has (pom.xml); blank means auto
                System.setProperty("vae4j.blas", v.isBlank() ? "auto" : v);
                String want;
                try {
                    want = OpenmpBlas.choose("linux-x86_64") == null ? "PASSIVE" : "unset";
                } catch (EngineException refused) {
                    want = "PASSIVE";
                }
                assertThat(launcherPolicy(Map.of("VAE4J_BLAS", v))).as("VAE4J_BLAS='%s'", v).isEqualTo(want);
                assertThat(launcherPolicy(Map.of("VAE4J_BLAS", "bundled", "VAE4J_JAVA_OPTS", "-Xmx1g -Dvae4j.blas=" + v
                        .trim()))).as("-Dvae4j.blas='%s' in VAE4J_JAVA_OPTS", v.trim())
                        .isEqualTo(v.isBlank() ? "PASSIVE" : want);
            }
        } finally {
            if (before == null) {
                System.clearProperty("vae4j.blas");
            } else {
                System.setProperty("vae4j.blas", before);
            }
        }
        assertThat(launcherPolicy(Map.of("VAE4J_BLAS", "auto", "OMP_WAIT_POLICY", "ACTIVE"))).isEqualTo("ACTIVE");
        // the release archive's bin/vae4j carries the same function as scripts/omp-env.sh
        assertThat(functionBody(Path.of("src/dist/bin/vae4j"), "openmp_blas"))
                .isEqualTo(functionBody(Path.of("scripts/omp-env.sh"), "vae4j_openmp_blas")).isNotEmpty();
    }

    private static String launcherPolicy(Map<String, String> env) throws IOException, InterruptedException {
        return sourcedEcho("scripts/omp-env.sh", "${OMP_WAIT_POLICY-unset}", env);
    }

    /** What {@code echo WORDS} prints after {@code source SCRIPT}, in bash with only PATH and {@code env} set. */
    static String sourcedEcho(String script, String words, Map<String, String> env)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "source " + script + "; echo \"" + words + "\"")
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv("PATH"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    static String functionBody(Path script, String name) throws IOException {
        List<String> lines = Files.readAllLines(script);
        int start = lines.indexOf(name + "() {");
        assertThat(start).as("%s in %s", name, script).isNotNegative();
        return String.join("\n", lines.subList(start + 1, lines.subList(start, lines.size()).indexOf("}") + start));
    }

    @Test
    void theOpenmpBuildRunsLibtorchsProductsInItsPoolAndTrainsAsTheBundledOneDoes() throws Exception {
        assumeThat(Files.isReadable(DEBIAN)).as("Debian's libopenblas0-openmp is installed").isTrue();
        Path bindings = tmp.resolve("ld");
        String shared = child(Map.of("VAE4J_BLAS", "auto", "LD_DEBUG", "bindings",
                "LD_DEBUG_OUTPUT", bindings.toString()), "OMP_WAIT_POLICY");
        String bundled = child(Map.of("VAE4J_BLAS", "bundled", "OMP_WAIT_POLICY", "PASSIVE"));

        assertThat(shared).contains("OpenBLAS in libtorch's OpenMP pool (" + DEBIAN).contains("OMP_WAIT_POLICY=default");
        assertThat(bundled).contains("OMP_WAIT_POLICY=PASSIVE").doesNotContain("OpenMP pool");
        // the dynamic linker's own record: libtorch's sgemm_ and its OpenMP runtime are the system's, not the bundle's
        StringBuilder log = new StringBuilder();
        try (var files = Files.list(tmp)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("ld")).toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.ISO_8859_1)) {
                    if (line.contains("libtorch_cpu.so") && (line.contains("`sgemm_'")
                            || line.contains("`GOMP_parallel'"))) {
                        log.append(line).append('\n');
                    }
                }
            }
        }
        assertThat(log).contains("to " + DEBIAN + " [0]: normal symbol `sgemm_'");
        assertThat(log.toString()).containsPattern("to /(usr/)?lib/x86_64-linux-gnu/libgomp.so.1 \\[0\\]: normal symbol"
                + " `GOMP_parallel'");
        assertThat(log.toString()).doesNotContainPattern(" to \\S*\\.javacpp");

        for (String out : List.of(shared, bundled)) {
            double err = Double.parseDouble(line(out, "MAXERR "));
            assertThat(err).as(out).isLessThan(1e-3);       // 300-term sums of values in [-1, 1] in float32
        }
        List<String> a = shared.lines().filter(l -> l.startsWith("EPOCH ")).toList();
        List<String> b = bundled.lines().filter(l -> l.startsWith("EPOCH ")).toList();
        assertThat(a).hasSize(4);
        assertThat(b).hasSize(4);
        for (int i = 0; i < 4; i++) {
            double x = Double.parseDouble(a.get(i).substring(6));
            double y = Double.parseDouble(b.get(i).substring(6));
            // two OpenBLAS versions round the products differently; training must not drift apart
            assertThat(x).as("epoch %d", i + 1).isCloseTo(y, within(1e-3 * Math.abs(y)));
        }
        double first = Double.parseDouble(a.get(0).substring(6));
        double last = Double.parseDouble(a.get(3).substring(6));
        assertThat(last).isLessThan(first);
    }

    @Test
    void inferenceWorkersNeverRunSeveralMultiThreadedPoolsAtOnce() throws Exception {
        assumeThat(Files.isReadable(DEBIAN)).as("Debian's libopenblas0-openmp is installed").isTrue();
        int n = Runtime.getRuntime().availableProcessors();
        // shared pool: one worker per core, each with one libtorch (and so one OpenBLAS) thread
        String shared = child(Map.of("VAE4J_BLAS", "auto"), List.of("workers"), "OMP_WAIT_POLICY");
        assertThat(line(shared, "WORKERS ")).isEqualTo(n + " 1 1 of " + n);
        // a worker thread's first product: OpenMP's default (every core), but one thread in an inference region
        String[] probe = line(shared, "PROBE ").split(" ");
        if (n > 1) { // OpenMP's default follows the CPUs this process may use, which may differ from the JVM's count
            assertThat(Integer.parseInt(probe[0])).as("threads of a bare worker's first product").isGreaterThan(1);
        }
        assertThat(probe[1]).as("threads of a first product in an inference region").isEqualTo("1");
        // an explicit OpenBLAS thread count there: one worker with libtorch's threads as they are
        assertThat(line(child(Map.of("VAE4J_BLAS", "auto", "OPENBLAS_NUM_THREADS", "1"), List.of("workers"),
                "OMP_WAIT_POLICY"), "WORKERS ")).isEqualTo("1 " + n + " 1 of " + n);
        // bundled: OpenBLAS on one thread, a worker per libtorch thread (libtorch's own pool sleeps, PASSIVE)
        assertThat(line(child(Map.of("VAE4J_BLAS", "bundled", "OMP_WAIT_POLICY", "PASSIVE"), List.of("workers")),
                "WORKERS ")).isEqualTo(n + " " + n + " 1 of " + n);
    }

    private static String line(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() ->
                new AssertionError("no " + prefix + "line in:\n" + out)).substring(prefix.length());
    }

    private static String child(Map<String, String> env, String... unset) throws IOException, InterruptedException {
        return child(env, List.of(), unset);
    }

    private static String child(Map<String, String> env, List<String> args, String... unset)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), SharedPoolMain.class.getName()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        for (String name : unset) {
            pb.environment().remove(name);
        }
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
