package vae4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vae4j serve} from the command line: its one line, a table model's rows in the data's units, bad options. */
class ServeCliTest {
    @TempDir
    static Path tmp;

    @BeforeAll
    static void isolatedHome() {
        System.setProperty("vae4j.home", tmp.resolve("home").toString());
    }

    @AfterAll
    static void restoreHome() {
        System.clearProperty("vae4j.home");
    }

    static JsonNode getJson(String url) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new ObjectMapper().readTree(r.body());
    }

    @Test
    void servesATableModelAndPrintsOneLineWithTheAddress() throws Exception {
        Path csv = OwnDataCliTest.shopCsv(tmp.resolve("shop.csv"), 400, 1);
        Path model = tmp.resolve("shop-model");
        CliRun t = CliRun.of("train", "--data", csv.toString(), "--label-column", "segment",
                "--ignore-columns", "id", "--epochs", "3", "--out", model.toString());
        assertThat(t.code()).as(t.err()).isZero();

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Thread serving = new Thread(() -> Main.execute(new PrintWriter(out), new PrintWriter(err), "serve", "--model",
                model.toString(), "--port", "0"), "serve-under-test");
        serving.setDaemon(true); // serve runs until the JVM stops
        serving.start();
        Pattern line = Pattern.compile("(?m)^serving on (http://127\\.0\\.0\\.1:\\d+/)$");
        Matcher m = line.matcher("");
        long end = System.nanoTime() + 60_000_000_000L;
        while (!(m = line.matcher(out.toString())).find()) {
            assertThat(serving.isAlive()).as("serve stopped: %s", err).isTrue();
            assertThat(System.nanoTime()).as("no 'serving on' line within 60 s").isLessThan(end);
            Thread.sleep(50);
        }
        String url = m.group(1);
        assertThat(err.toString()).as("no warning on loopback").isEmpty();

        JsonNode card = getJson(url + "api/model");
        assertThat(card.path("input").path("kind").asText()).isEqualTo("table");
        List<String> columns = List.of("visits", "basket", "member", "region, quoted", "channel");
        assertThat(card.path("input").path("columns").toString())
                .isEqualTo(new ObjectMapper().writeValueAsString(columns));
        assertThat(card.path("classes").toString()).contains("family").contains("retired").contains("student");

        // an example comes back in the data's own terms: visits were whole numbers 1..20, levels by name
        JsonNode ex = getJson(url + "api/example/5");
        assertThat(ex.path("columns").toString()).isEqualTo(card.path("input").path("columns").toString());
        JsonNode row = ex.path("rows").get(0);
        double visits = Double.parseDouble(row.get(0).asText());
        assertThat(visits).isBetween(1.0, 20.0);
        assertThat(Math.abs(visits - Math.rint(visits))).isLessThan(1e-3);
        assertThat(row.get(2).asText()).isIn("yes", "no");
        assertThat(row.get(4).asText()).isIn("web", "store", "phone");
        assertThat(ex.path("class").asText()).isIn("student", "family", "retired");
        assertThat(ex.path("score").isNumber()).isTrue();

        // a decoded point is a row too; a latent of the wrong size is refused
        int latent = card.path("latent").asInt();
        JsonNode decoded = getJson(url + "api/decode?z=" + "0,".repeat(latent - 1) + "0");
        assertThat(decoded.path("rows").get(0).get(3).asText()).isIn("north", "south");
        HttpResponse<String> bad = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(url + "api/manifold?x0=0&x1=1&y0=0&y1=1")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).isEqualTo("{\"error\":\"a table model has no picture manifold\"}");
    }

    @Test
    void anAddressOtherMachinesCanReachGetsAWarning() throws Exception {
        assertThat(ServeCommand.exposureWarning(java.net.InetAddress.getByName("127.0.0.1"), "127.0.0.1")).isNull();
        assertThat(ServeCommand.exposureWarning(java.net.InetAddress.getByName("::1"), "::1")).isNull();
        assertThat(ServeCommand.exposureWarning(java.net.InetAddress.getByName("0.0.0.0"), "0.0.0.0"))
                .startsWith("vae4j: warning: serving on 0.0.0.0, not only this machine");
        assertThat(ServeCommand.exposureWarning(java.net.InetAddress.getByName("192.168.1.5"), "192.168.1.5"))
                .contains("no authentication");
    }

    @Test
    void badOptionsAreOneLineUsageErrors() {
        CliRun port = CliRun.of("serve", "--model", tmp.toString(), "--port", "70000");
        assertThat(port.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(port.err().strip()).isEqualTo("vae4j: error: --port must be in 0..65535, got 70000");
        CliRun threads = CliRun.of("serve", "--model", tmp.toString(), "--decode-threads", "0");
        assertThat(threads.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(threads.err().strip()).isEqualTo("vae4j: error: --decode-threads must be in 1..64, got 0");
        CliRun missing = CliRun.of("serve", "--model", tmp.resolve("nothing").toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.IO);
        assertThat(missing.err().strip()).startsWith("vae4j: error: ").doesNotContain("\n").doesNotContain("\tat ");
        assertThat(CliRun.of("serve", "--help").out()).contains("--host").contains("--port")
                .contains("127.0.0.1");
    }
}
