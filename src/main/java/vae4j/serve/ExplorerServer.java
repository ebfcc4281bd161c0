package vae4j.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The explorer's HTTP server (the JDK's {@code com.sun.net.httpserver}): the page and its assets from the jar, and the
 * API under {@code /api/}. Bound to the loopback address unless told otherwise. Every refused request gets a 4xx (503
 * when the decode pool is full) with a one-line JSON body {@code {"error": "..."}}; an unexpected failure gets a 500
 * with the exception's kind only, never a stack trace.
 */
public final class ExplorerServer implements AutoCloseable {
    /** Longest query string accepted (HTTP 414 beyond). */
    public static final int MAX_QUERY = 2048;
    /** Longest path accepted (HTTP 414 beyond). */
    public static final int MAX_PATH = 256;
    /** Most points one {@code /api/points} request returns. */
    public static final int MAX_POINTS = 1_000_000;

    private static final Map<String, String> ASSETS = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/explorer.js", "explorer.js",
            "/explorer.css", "explorer.css");
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // The JDK server writes headers and body separately; with Nagle's algorithm on, a client's delayed ACK then
        // holds every response ~40 ms (measured: 48 ms per decode, one client). Read once, when the server class loads.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final Explorer explorer;
    private final HttpServer server;
    private final ExecutorService handlers;
    private final PrintWriter log;

    private ExplorerServer(Explorer explorer, HttpServer server, ExecutorService handlers, PrintWriter log) {
        this.explorer = explorer;
        this.server = server;
        this.handlers = handlers;
        this.log = log;
    }

    /**
     * Starts serving {@code explorer} on {@code host:port} ({@code port} 0: a free port).
     *
     * @param log where unexpected failures are reported, one line each (may be null)
     */
    public static ExplorerServer start(Explorer explorer, String host, int port, PrintWriter log) throws IOException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be in 0..65535, got " + port);
        }
        InetAddress address = InetAddress.getByName(host);
        HttpServer server = HttpServer.create(new InetSocketAddress(address, port), 128);
        AtomicInteger count = new AtomicInteger();
        ExecutorService handlers = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "vae4j-http-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ExplorerServer s = new ExplorerServer(explorer, server, handlers, log);
        server.createContext("/", s::handle);
        server.setExecutor(handlers);
        server.start();
        return s;
    }

    /** The address and port actually bound. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
    public String url() {
        InetSocketAddress a = address();
        String host = a.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + a.getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Reply reply;
            int status = 200;
            try {
                reply = route(ex);
            } catch (ApiException e) {
                status = e.status();
                reply = error(e.getMessage());
            } catch (IllegalArgumentException e) {
                status = 400;
                reply = error(e.getMessage());
            } catch (RuntimeException | Error e) {
                status = 500;
                reply = error("internal error (" + e.getClass().getSimpleName() + ")");
                if (log != null) {
                    log.println("vae4j serve: " + ex.getRequestURI().getRawPath() + ": " + e);
                    log.flush();
                }
            }
            ex.getResponseHeaders().set("Content-Type", reply.contentType());
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            boolean head = "HEAD".equals(ex.getRequestMethod());
            ex.sendResponseHeaders(status, head ? -1 : reply.body().length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(reply.body());
                }
            }
        } catch (IOException e) {
            // the client went away: nothing to answer
        }
    }

    static Reply error(String message) {
        String line = message == null ? "error" : message.replaceAll("[\\r\\n]+", " ");
        try {
            return Reply.json(JSON.writeValueAsString(Map.of("error", line)));
        } catch (IOException e) {
            return Reply.json("{\"error\":\"error\"}");
        }
    }

    private Reply route(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            throw new ApiException(405, "method " + clip(method) + " not allowed: the explorer only answers GET");
        }
        String path = ex.getRequestURI().getRawPath();
        String query = ex.getRequestURI().getRawQuery();
        if (path == null || path.length() > MAX_PATH) {
            throw new ApiException(414, "path longer than " + MAX_PATH + " characters");
        }
        if (query != null && query.length() > MAX_QUERY) {
            throw new ApiException(414, "query string longer than " + MAX_QUERY + " characters");
        }
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.contains("..") || lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c")
                || lower.contains("\\") || lower.contains("//")) {
            throw ApiException.badRequest("path traversal refused: " + clip(path));
        }
        String asset = ASSETS.get(path);
        if (asset != null) {
            return asset(asset);
        }
        Params q = Params.parse(query);
        switch (path) {
            case "/api/model":
                q.only();
                return explorer.model();
            case "/api/points":
                q.only("limit");
                return explorer.points(q.integer("limit", 1, MAX_POINTS, MAX_POINTS));
            case "/api/decode":
                q.only("z", "label", "scale");
                float[] z = q.floats("z", explorer.latentDim());
                explorer.checkLatent(z);
                return explorer.decode(z, q.label("label"),
                        q.integer("scale", 1, Explorer.MAX_SCALE, explorer.defaultScale()));
            case "/api/interpolate":
                q.only("from", "to", "steps", "mode", "label", "scale");
                return explorer.interpolate(q.index("from"), q.index("to"),
                        q.integer("steps", 2, Explorer.MAX_STEPS, 10), q.mode("mode"), q.label("label"),
                        q.integer("scale", 1, Explorer.MAX_SCALE, explorer.defaultScale()));
            case "/api/sample":
                q.only("n", "seed", "label", "scale");
                return explorer.sample(q.integer("n", 1, Explorer.MAX_SAMPLES, 16), q.longValue("seed", 1),
                        q.label("label"),
                        q.integer("scale", 1, Explorer.MAX_SCALE, Math.max(1, explorer.defaultScale() / 2)));
            case "/api/manifold":
                q.only("n", "x0", "x1", "y0", "y1", "label", "scale");
                return explorer.manifold(q.integer("n", 2, Explorer.MAX_MANIFOLD, 15), q.number("x0"),
                        q.number("x1"), q.number("y0"), q.number("y1"), q.label("label"),
                        q.integer("scale", 1, Explorer.MAX_SCALE, 1));
            default:
                break;
        }
        if (path.startsWith("/api/example/")) {
            q.only("scale");
            String tail = path.substring("/api/example/".length());
            return explorer.example(Params.indexValue("example index", tail),
                    q.integer("scale", 1, Explorer.MAX_SCALE, explorer.defaultScale()));
        }
        throw ApiException.notFound("no such path: " + clip(path) + " (the API: /api/model, /api/points,"
                + " /api/decode, /api/example/INDEX, /api/interpolate, /api/sample, /api/manifold)");
    }

    private static Reply asset(String name) throws IOException {
        try (InputStream in = ExplorerServer.class.getResourceAsStream("web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("page asset " + name + " missing from the jar");
            }
            String type = name.endsWith(".html") ? "text/html; charset=utf-8"
                    : name.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
            return new Reply(type, in.readAllBytes());
        }
    }

    static String clip(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return new String(t.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)
                .replaceAll("[\\p{Cntrl}]", "?");
    }
}
