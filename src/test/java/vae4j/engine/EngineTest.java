package vae4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import java.util.Comparator;

class EngineTest {
    /**
     * Regression test for the first-load crash (ENGINE-NOTES.md trap 2): a JVM with an empty JavaCPP cache, on a
     * machine that may have Debian's libtorch 1.13 on the system path, must load our libtorch and compute. Before the
     * fix this died with SIGSEGV 9 times out of 9 on a fresh cache. The child also runs without OMP_WAIT_POLICY, so
     * the fallback for the thread trap (trap 1) is exercised: OpenBLAS must be limited to one thread.
     */
    @Test
    void freshCacheLoadsAndComputesInAChildJvm() throws IOException, InterruptedException {
        // our own temp folder: JavaCPP links CUDA libraries of the machine into its cache, which @TempDir warns about
        Path cache = Files.createTempDirectory("vae4j-fresh-javacpp-cache");
        try {
            runFresh(cache);
        } finally {
            try (var files = Files.walk(cache)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private void runFresh(Path cache) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dorg.bytedeco.javacpp.cachedir=" + cache, EngineSmokeMain.class.getName())
                .redirectErrorStream(true);
        pb.environment().remove("OMP_WAIT_POLICY");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("RESULT 7.0 10.0 15.0 22.0");
        assertThat(out).contains("OpenBLAS 1 thread (").contains("OMP_WAIT_POLICY is not PASSIVE");
        try (var files = Files.walk(cache)) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            assertThat(names).contains("libtorch_cpu.so", "libtorch.so", "libjnitorch.so", "libopenblas.so.0");
        }
    }

    @Test
    void initIsIdempotentAndReportsTheSettings() {
        Engine.EngineInfo a = Engine.init();
        assertThat(Engine.init()).isSameAs(a);
        assertThat(a.threads()).isGreaterThanOrEqualTo(1);
        // surefire runs the tests with OMP_WAIT_POLICY=PASSIVE (see pom.xml)
        assertThat(a.passiveWait()).isTrue();
        assertThat(a.toString()).contains("libtorch 2.10.0");
    }

    @Test
    void blasThreadsCanBeSetAtRunTime() {
        int before = Engine.blasThreads();
        try {
            Engine.setBlasThreads(1);
            assertThat(Engine.blasThreads()).isEqualTo(1);
        } finally {
            Engine.setBlasThreads(before);
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Engine.setBlasThreads(0))
                .hasMessageContaining("got 0");
    }
}
