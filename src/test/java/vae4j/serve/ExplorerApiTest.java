package vae4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vae4j.data.ImageDataset;
import vae4j.engine.Devices;
import vae4j.eval.LatentCodes;
import vae4j.model.Vae;
import vae4j.store.SavedModel;
import vae4j.train.Elbo;

/** The explorer's HTTP API on a small trained model of bar images: answers checked against direct calls. */
class ExplorerApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static ImageDataset test;
    static Vae vae;
    static DecodePool pool;
    static Explorer explorer;
    static ExplorerServer server;
    static String url;

    @BeforeAll
    static void start() throws IOException {
        test = ServeFixtures.bars(300, 4);
        SavedModel m = ServeFixtures.trained(ServeFixtures.bars(1000, 3), test, 32, 2, 4);
        vae = m.model();
        pool = new DecodePool(4, 64);
        explorer = new Explorer(m, test, null, new ElboScores(1), null, pool);
        server = ExplorerServer.start(explorer, "127.0.0.1", 0, null);
        url = server.url();
    }

    @AfterAll
    static void stop() {
        server.close();
        pool.close();
    }

    static ServeFixtures.Response get(String path) throws Exception {
        return ServeFixtures.get(url + path);
    }

    static BufferedImage png(ServeFixtures.Response r) throws IOException {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("image/png");
        return ImageIO.read(new ByteArrayInputStream(r.body()));
    }

    static int level(float v) {
        return Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
    }

    /** Tile {@code k} of a strip of 8x8 tiles with a 1-pixel gap equals {@code expected} ([64] in [0, 1]). */
    static void assertTile(BufferedImage img, int k, int gap, float[] expected, int offset) {
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                int got = img.getRaster().getSample(gap + k * (8 + gap) + x, gap + y, 0);
                assertThat(got).as("tile %d pixel (%d, %d)", k, x, y)
                        .isCloseTo(level(expected[offset + y * 8 + x]), within(1));
            }
        }
    }

    @Test
    void bindsTheLoopbackAddressAndPrintsItsUrl() {
        assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+/");
    }

    @Test
    void modelDescribesTheModelTheDataAndTheScore() throws Exception {
        JsonNode m = JSON.readTree(get("api/model").body());
        assertThat(m.path("conditional").asBoolean(true)).isFalse();
        assertThat(m.path("latent").asInt()).isEqualTo(2);
        assertThat(m.path("examples").asInt()).isEqualTo(300);
        assertThat(m.path("classes").toString()).isEqualTo("[\"row\",\"column\"]");
        assertThat(m.path("input").path("height").asInt()).isEqualTo(8);
        assertThat(m.path("score").path("name").asText()).isEqualTo("-ELBO");
        assertThat(m.path("plane").path("kind").asText()).isEqualTo("latent");
        assertThat(m.path("history").size()).isEqualTo(4);
        assertThat(m.path("summary").asText()).contains("Encoder");
    }

    @Test
    void pointsAreTheEncoderMeansWithLabelsAndScores() throws Exception {
        JsonNode p = JSON.readTree(get("api/points?limit=50").body());
        assertThat(p.path("count").asInt()).isEqualTo(50);
        assertThat(p.path("total").asInt()).isEqualTo(300);
        LatentCodes codes = LatentCodes.encode(vae, test);
        for (int i = 0; i < 50; i++) {
            assertThat(p.path("index").get(i).asInt()).isEqualTo(i);
            assertThat((float) p.path("z").get(i).get(0).asDouble()).isEqualTo(codes.mean(i, 0));
            assertThat((float) p.path("z").get(i).get(1).asDouble()).isEqualTo(codes.mean(i, 1));
            assertThat((float) p.path("x").get(i).asDouble()).isEqualTo(codes.mean(i, 0));
            assertThat((float) p.path("y").get(i).asDouble()).isEqualTo(codes.mean(i, 1));
            assertThat(p.path("label").get(i).asInt()).isEqualTo(test.labels()[i]);
        }
        assertThat(JSON.readTree(get("api/points").body()).path("count").asInt()).isEqualTo(300);
    }

    @Test
    void scoresAreThePerExampleElboOfTheEvaluator() {
        // the same seed and batch give the same posterior samples as Elbo.evaluate, whose mean over the split is known
        double mean = 0;
        for (int i = 0; i < explorer.size(); i++) {
            mean += explorer.score(i) / explorer.size();
        }
        Elbo e = Elbo.evaluate(vae, test, 500, 1, Devices.cpu());
        assertThat(mean).isCloseTo(e.loss(), within(1e-3 * Math.abs(e.loss())));
        // a bar image that the model sees often scores better than the same image with noise added
        assertThat(mean).isGreaterThan(0);
    }

    @Test
    void decodeIsTheDecoderMeanAtThatPoint() throws Exception {
        float[] z = {0.5f, -0.25f};
        BufferedImage img = png(get("api/decode?z=0.5,-0.25&scale=1"));
        assertThat(img.getWidth()).isEqualTo(8);
        assertTile(img, 0, 0, LatentCodes.decode(vae, z, 1), 0);
        BufferedImage big = png(get("api/decode?z=0.5,-0.25"));
        assertThat(big.getWidth()).isEqualTo(8 * explorer.defaultScale()).isGreaterThan(8);
    }

    @Test
    void exampleIsTheDataItself() throws Exception {
        BufferedImage img = png(get("api/example/7?scale=1"));
        for (int k = 0; k < 64; k++) {
            assertThat(img.getRaster().getSample(k % 8, k / 8, 0)).isEqualTo(test.pixels()[7 * 64 + k] & 0xff);
        }
    }

    @Test
    void interpolationStripRunsFromOneExampleToTheOther() throws Exception {
        LatentCodes codes = LatentCodes.encode(vae, test);
        float[] a = {codes.mean(3, 0), codes.mean(3, 1)};
        float[] b = {codes.mean(11, 0), codes.mean(11, 1)};
        float[] mid = {(a[0] + b[0]) / 2, (a[1] + b[1]) / 2};
        BufferedImage img = png(get("api/interpolate?from=3&to=11&steps=5&mode=linear&scale=1"));
        assertThat(img.getWidth()).isEqualTo(5 * 8 + 6);
        assertTile(img, 0, 1, LatentCodes.decode(vae, a, 1), 0);
        assertTile(img, 2, 1, LatentCodes.decode(vae, mid, 1), 0);
        assertTile(img, 4, 1, LatentCodes.decode(vae, b, 1), 0);
        assertThat(png(get("api/interpolate?from=3&to=11&steps=7&mode=slerp&scale=1")).getWidth())
                .isEqualTo(7 * 8 + 8);
    }

    @Test
    void slerpFollowsTheArcAndInterpolatesTheNorm() {
        float[] a = {1, 0};
        float[] b = {0, 2};
        // halfway: direction (1, 1) / sqrt 2, norm (1 + 2) / 2
        float[] s = Explorer.path(a, b, 0.5, Explorer.Mode.SLERP);
        assertThat((double) s[0]).isCloseTo(1.5 / Math.sqrt(2), within(1e-6));
        assertThat((double) s[1]).isCloseTo(1.5 / Math.sqrt(2), within(1e-6));
        // a third of the way: 30 degrees along the quarter circle, norm 4/3
        float[] t = Explorer.path(a, b, 1.0 / 3, Explorer.Mode.SLERP);
        assertThat((double) t[0]).isCloseTo(4.0 / 3 * Math.cos(Math.PI / 6), within(1e-6));
        assertThat((double) t[1]).isCloseTo(4.0 / 3 * Math.sin(Math.PI / 6), within(1e-6));
        assertThat(Explorer.path(a, b, 0.5, Explorer.Mode.LINEAR)).containsExactly(0.5f, 1f);
        assertThat(Explorer.path(a, a, 0.5, Explorer.Mode.SLERP)).containsExactly(1f, 0f);
    }

    @Test
    void samplesAndManifoldArePictureGrids() throws Exception {
        BufferedImage s = png(get("api/sample?n=9&seed=3&scale=1"));
        assertThat(s.getWidth()).isEqualTo(3 * 8 + 4);
        assertThat(get("api/sample?n=9&seed=3&scale=1").body()).isEqualTo(get("api/sample?n=9&seed=3&scale=1").body());
        BufferedImage m = png(get("api/manifold?n=4&x0=-2&x1=2&y0=-2&y1=2&scale=1"));
        assertThat(m.getWidth()).isEqualTo(4 * 8 + 5);
        // the top-left cell is the centre of the top-left quarter of the rectangle: (-1.5, 1.5)
        assertTile(m, 0, 1, LatentCodes.decode(vae, new float[] {-1.5f, 1.5f}, 1), 0);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "api/decode?z=1|400|z needs 2 comma-separated coordinates, got 1",
        "api/decode?z=1,2,3|400|got 3",
        "api/decode?z=NaN,1|400|z[0] is not a finite number",
        "api/decode?z=1,Infinity|400|z[1] is not a finite number",
        "api/decode?z=1,-Infinity|400|z[1] is not a finite number",
        "api/decode?z=1,1e39|400|z[1] is not a finite number",
        "api/decode?z=1,abc|400|z[1] is not a number",
        "api/decode|400|missing parameter 'z'",
        "api/decode?z=|400|missing parameter 'z'",
        "api/decode?z=1,2&z=3,4|400|given twice",
        "api/decode?z=1,2&scale=0|400|scale must be in 1..16",
        "api/decode?z=1,2&scale=17|400|scale must be in 1..16",
        "api/decode?z=1,2&colour=red|400|unknown parameter 'colour'",
        "api/decode?z=%25zz,1|400|z[0] is not a number: '%zz'",
        "api/decode?z=1%2C2|200|",
        "api/decode?z=1,2&label=0|400|this model is not conditional: it takes no label",
        "api/sample?label=1|400|this model is not conditional",
        "api/interpolate?from=0&to=1&label=0|400|this model is not conditional",
        "api/manifold?x0=0&x1=1&y0=0&y1=1&label=0|400|this model is not conditional",
        "api/example/300|404|no example 300 (there are 300: 0..299)",
        "api/example/99999999999|404|no example",
        "api/example/-1|400|must be a non-negative integer",
        "api/example/abc|400|must be a non-negative integer",
        "api/example/|400|must be a non-negative integer",
        "api/interpolate?from=0&to=300|404|no example 300",
        "api/interpolate?from=0|400|missing parameter 'to'",
        "api/interpolate?from=0&to=1&steps=65|400|steps must be in 2..64",
        "api/interpolate?from=0&to=1&steps=1|400|steps must be in 2..64",
        "api/interpolate?from=0&to=1&steps=100000000000|400|steps must be in 2..64",
        "api/interpolate?from=0&to=1&mode=cubic|400|mode must be linear or slerp",
        "api/points?limit=0|400|limit must be in 1..1000000",
        "api/points?limit=1000001|400|limit must be in 1..1000000",
        "api/points?limit=ten|400|limit must be an integer",
        "api/sample?n=257|400|n must be in 1..256",
        "api/sample?seed=x|400|seed must be an integer",
        "api/manifold?n=41&x0=0&x1=1&y0=0&y1=1|400|n must be in 2..40",
        "api/manifold?x0=1&x1=0&y0=0&y1=1|400|x0 < x1",
        "api/manifold?x0=0&x1=NaN&y0=0&y1=1|400|x1 must be a finite number",
        "api/manifold?x0=0&x1=1&y0=0|400|missing parameter 'y1'",
        "api/model?x=1|400|this path takes none",
        "api/nothing|404|no such path: /api/nothing",
        "api|404|no such path",
        "favicon.ico|404|no such path",
        "etc/passwd|404|no such path",
        "index.html/x|404|no such path"})
    void badRequestsGetA4xxWithOneLineOfJson(String path, int status, String fragment) throws Exception {
        ServeFixtures.Response r = get(path);
        assertThat(r.status()).as(r.text()).isEqualTo(status);
        if (status == 200) {
            return;
        }
        assertOneLineError(r.contentType(), r.text(), fragment);
    }

    static void assertOneLineError(String contentType, String body, String fragment) throws IOException {
        assertThat(contentType).startsWith("application/json");
        assertThat(body).doesNotContain("\n").doesNotContain("Exception").doesNotContain("at vae4j");
        JsonNode e = JSON.readTree(body);
        assertThat(e.size()).isEqualTo(1);
        assertThat(e.path("error").asText()).contains(fragment);
    }

    /** Sends one raw request line (paths that an HTTP client library would normalise) and returns the answer. */
    static String raw(String requestLine) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(server.address(), 2000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write((requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static void assertRawError(String requestLine, int status, String fragment) throws IOException {
        String r = raw(requestLine);
        assertThat(r).as(requestLine).startsWith("HTTP/1.1 " + status);
        String body = r.substring(r.indexOf("\r\n\r\n") + 4);
        String type = r.lines().filter(l -> l.toLowerCase().startsWith("content-type:")).findFirst().orElse("")
                .substring("content-type:".length()).trim();
        assertOneLineError(type, body, fragment);
    }

    @Test
    void pathTraversalIsRefused() throws IOException {
        for (String p : List.of("/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E%2Fetc%2Fpasswd",
                "/web/../explorer.js", "/api/example/..%2F..%2Fetc%2Fpasswd",
                "/explorer.js/..", "/api//example/1")) {
            assertRawError("GET " + p + " HTTP/1.1", 400, "path traversal refused");
        }
        // "//etc" is a URI authority: the path is /passwd, which does not exist
        assertRawError("GET //etc/passwd HTTP/1.1", 404, "no such path: /passwd");
    }

    @Test
    void requestTargetsThatAreNotUrisAreRefusedByTheHttpParser() throws IOException {
        // The JDK's HTTP server parses the request line before any handler runs and answers these itself: a 400 with
        // one line of HTML naming the URI syntax error, no stack trace. Our handler never sees them.
        for (String p : List.of("/..\\..\\etc\\passwd", "/api/decode?z=%zz", "/%zz", "/a\"b")) {
            String r = raw("GET " + p + " HTTP/1.1");
            assertThat(r).as(p).startsWith("HTTP/1.1 400");
            String body = r.substring(r.indexOf("\r\n\r\n") + 4);
            assertThat(body).doesNotContain("\n").doesNotContain("\tat ").contains("URISyntaxException");
        }
        // the query parser refuses bad escapes itself too, should a request reach it
        assertThatThrownBy(() -> Params.parse("z=%zz")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.getMessage()).isEqualTo("malformed percent-encoding in the query string"));
    }

    @Test
    void oversizedRequestsAndOtherMethodsAreRefused() throws Exception {
        String longQuery = "api/decode?z=" + "1,".repeat(1500) + "1";
        ServeFixtures.Response r = get(longQuery);
        assertThat(r.status()).isEqualTo(414);
        assertOneLineError(r.contentType(), r.text(), "query string longer than 2048 characters");
        ServeFixtures.Response p = get("api/" + "x".repeat(300));
        assertThat(p.status()).isEqualTo(414);
        assertOneLineError(p.contentType(), p.text(), "path longer than 256 characters");
        assertRawError("POST /api/model HTTP/1.1", 405, "method POST not allowed");
        String head = raw("HEAD /api/model HTTP/1.1");
        assertThat(head).startsWith("HTTP/1.1 200").endsWith("\r\n\r\n");
        assertRawError("DELETE /api/model HTTP/1.1", 405, "method DELETE not allowed");
    }

    @Test
    void thePageAndItsAssetsComeFromTheJarAndFetchNothingElse() throws Exception {
        ServeFixtures.Response page = get("");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.text()).contains("/explorer.js").contains("/explorer.css").contains("id=\"scatter\"");
        for (String asset : List.of("", "explorer.js", "explorer.css")) {
            String text = get(asset).text();
            assertThat(text).as(asset).doesNotContainPattern("(?i)(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}/");
        }
        assertThat(get("explorer.js").contentType()).startsWith("text/javascript");
    }

    @Test
    void concurrentDecodesGiveTheSameAnswersAsOneAtATime() throws Exception {
        Random r = new Random(5);
        int n = 400;
        float[][] zs = new float[n][];
        float[][] serial = new float[n][];
        for (int i = 0; i < n; i++) {
            zs[i] = new float[] {(float) r.nextGaussian() * 2, (float) r.nextGaussian() * 2};
            serial[i] = LatentCodes.decode(vae, zs[i], 1);
        }
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < n; i++) {
                    float[] z = zs[i];
                    results.add(clients.submit(() -> explorer.decodeMean(z, 1, null)));
                }
            }
            for (int k = 0; k < results.size(); k++) {
                assertThat(results.get(k).get()).as("decode %d", k).containsExactly(serial[k % n]);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void notReachableOnANonLoopbackAddressByDefault() throws Exception {
        List<InetAddress> others = new ArrayList<>();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (ni.isUp() && !ni.isLoopback()) {
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                        others.add(a);
                    }
                }
            }
        }
        assumeTrue(!others.isEmpty(), "this machine has no non-loopback IPv4 address to try");
        int port = server.address().getPort();
        for (InetAddress a : others) {
            try (Socket s = new Socket()) {
                org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> s.connect(new InetSocketAddress(a, port), 2000))
                        .as("connect to %s:%d", a.getHostAddress(), port)
                        .isInstanceOf(ConnectException.class);
            }
        }
        // and the same port answers on loopback
        assertThat(raw("GET /api/model HTTP/1.1")).startsWith("HTTP/1.1 200");
    }
}
