package vae4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process stopped by SIGTERM while it writes a file leaves neither the file nor its temporary behind. */
class AtomicFilesSignalTest {
    @TempDir
    Path tmp;

    /** Child process: starts writing {@code args[0]}, says so, then blocks until it is killed. */
    public static void main(String[] args) throws IOException {
        AtomicFiles.write(Path.of(args[0]), out -> {
            out.write("half of a file".getBytes(StandardCharsets.UTF_8));
            out.flush();
            System.out.println("writing");
            System.out.flush();
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.toList();
        }
    }

    @Test
    void sigtermDuringAWriteRemovesTheTemporary() throws Exception {
        Path target = tmp.resolve("z.csv");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                AtomicFilesSignalTest.class.getName(), target.toString()).redirectErrorStream(true).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(r.readLine()).isEqualTo("writing");
            assertThat(files()).singleElement().satisfies(f ->
                    assertThat(f.getFileName().toString()).startsWith(".z.csv.").endsWith(".tmp"));
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(p.exitValue()).isEqualTo(143);
        assertThat(files()).isEmpty();
    }
}
