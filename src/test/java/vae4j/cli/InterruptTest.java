package vae4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vae4j.store.ModelDirectory;
import vae4j.store.SavedModel;
import vae4j.testing.TestData;

/** SIGTERM to a training process: it finishes its batch, writes a checkpoint, exits 143; --resume continues. */
@Tag("real-data")
class InterruptTest {
    @TempDir
    Path tmp;

    @Test
    void sigtermWritesACheckpointAndResumeContinues() throws IOException, InterruptedException {
        Path data = Files.createDirectories(tmp.resolve("data"));
        TestData.writeIdx(TestData.fashionMnist().train(), 3000, data, "train");
        TestData.writeIdx(TestData.fashionMnist().test(), 300, data, "t10k");
        Path model = tmp.resolve("model");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "train", "--data", data.toString(), "--preset", "keras-mlp", "--epochs", "500",
                "--out", model.toString()).redirectErrorStream(true);
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        Process p = pb.start();
        StringBuilder out = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean sent = false;
            while ((line = r.readLine()) != null) {
                out.append(line).append('\n');
                if (!sent && line.startsWith("epoch 2/500")) {
                    // Process.destroy() would also close our end of the pipe; kill sends SIGTERM and nothing else
                    new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
                    sent = true;
                }
            }
        }
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out.toString()).isEqualTo(ExitCodes.TERMINATED);
        assertThat(out).contains("SIGTERM received").contains("checkpoint written to").contains("--resume");

        SavedModel saved = ModelDirectory.load(model);
        int done = saved.history().size();
        assertThat(done).isGreaterThanOrEqualTo(2);
        assertThat(saved.finished()).isFalse();
        assertThat(model.resolve("optimizer.pt")).isRegularFile();
        assertThat(model.resolve("best/config.json")).isRegularFile();

        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.execute(new PrintWriter(o), new PrintWriter(e), "train", "--resume", model.toString(),
                "--epochs", Integer.toString(done + 2));
        assertThat(code).as(e.toString()).isZero();
        assertThat(o.toString()).contains("resume: ").contains("epoch " + (done + 2) + "/" + (done + 2));
        List<String> history = Files.readAllLines(model.resolve("history.jsonl"));
        assertThat(history).hasSize(done + 2);
        for (int i = 0; i < history.size(); i++) {
            assertThat(history.get(i)).startsWith("{\"epoch\":" + (i + 1) + ",");
        }
        StringWriter e2 = new StringWriter();
        int again = Main.execute(new PrintWriter(new StringWriter()), new PrintWriter(e2), "train", "--resume",
                model.toString(), "--preset", "keras-conv");
        assertThat(again).isEqualTo(ExitCodes.USAGE);
        assertThat(e2.toString()).contains("--preset cannot be combined with --resume");
    }
}
