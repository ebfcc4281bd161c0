package vae4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code --version}: the pom's version, the commit git reports, libtorch's version and the platform, everywhere. */
class VersionTest {
    private static String version(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    /**
     * The commit the build names, as git reports it (12 digits), or "unknown" where the sources are not a git
     * checkout. The build's SCM plugin asks git for the latest commit that is not a merge, so on a merge commit it
     * names the merged branch's parent: the same question is asked here.
     */
    private static String gitHead() throws IOException, InterruptedException {
        if (!Files.exists(Path.of(".git"))) {
            return "unknown";
        }
        Process p = new ProcessBuilder("git", "log", "-1", "--no-merges", "--format=%H").redirectErrorStream(true)
                .start();
        String head = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() == 0 && head.length() >= 12 ? head.substring(0, 12) : "unknown";
    }

    @Test
    void versionNamesTheBuildTheCommitLibtorchAndThePlatform() throws Exception {
        String expectedVersion = System.getProperty("vae4j.test.projectVersion");
        assertThat(expectedVersion).as("set by the pom's surefire configuration").isNotBlank();
        String[] lines = version("--version").split("\\R");
        assertThat(lines[0]).isEqualTo("vae4j " + expectedVersion + " (commit " + gitHead() + ")");
        // this build binds org.bytedeco:pytorch 2.10.0-1.5.13 and is tested on linux-x86_64 only
        assertThat(lines[1]).isEqualTo("libtorch 2.10.0 (org.bytedeco:pytorch 2.10.0-1.5.13), platform linux-x86_64,"
                + " natives linux-x86_64");
        // surefire runs the tests with VAE4J_BLAS=bundled (pom.xml)
        assertThat(lines[2]).isEqualTo("OpenBLAS: bundled (its own threads beside libtorch's OpenMP pool)");
        assertThat(lines[3]).startsWith("Java " + System.getProperty("java.version"));
    }

    @Test
    void everySubcommandPrintsTheSameVersion() {
        String top = version("--version");
        assertThat(version("train", "--version")).isEqualTo(top);
        assertThat(version("plot", "latent", "-V")).isEqualTo(top);
        assertThat(version("demo", "--version")).isEqualTo(top);
    }
}
