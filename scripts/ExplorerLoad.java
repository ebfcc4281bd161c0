import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Load client for the latent explorer (run by scripts/explorer-load-test.sh): REQUESTS decode requests for random
 * latent points from CLIENTS concurrent clients, each with its own connection pool; prints errors, p50/p99 latency and
 * requests per second. Usage: java scripts/ExplorerLoad.java URL LATENT REQUESTS CLIENTS
 */
public class ExplorerLoad {
    public static void main(String[] args) throws Exception {
        String base = args[0];
        int latent = Integer.parseInt(args[1]);
        int requests = Integer.parseInt(args[2]);
        int clients = Integer.parseInt(args[3]);
        long[] nanos = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger bytes = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int id = c;
            done.add(pool.submit(() -> {
                HttpClient http = HttpClient.newHttpClient();
                SplittableRandom r = new SplittableRandom(id);
                int k;
                while ((k = next.getAndIncrement()) < requests) {
                    StringBuilder z = new StringBuilder();
                    for (int j = 0; j < latent; j++) {
                        z.append(j == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", 6 * r.nextDouble() - 3));
                    }
                    HttpRequest q = HttpRequest.newBuilder(URI.create(base + "api/decode?z=" + z)).GET().build();
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<byte[]> resp = http.send(q, HttpResponse.BodyHandlers.ofByteArray());
                        if (resp.statusCode() != 200 || resp.body().length == 0) {
                            errors.incrementAndGet();
                        }
                        bytes.addAndGet(resp.body().length);
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    nanos[k] = System.nanoTime() - t0;
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%d decode requests, %d clients: %d errors; p50 %.2f ms, p99 %.2f ms, max %.2f ms;"
                        + " %.0f requests/s (%.1f s, %.1f MB of PNG)%n", requests, clients, errors.get(),
                sorted[requests / 2] / 1e6, sorted[(int) Math.floor(requests * 0.99)] / 1e6, sorted[requests - 1] / 1e6,
                requests / seconds, seconds, bytes.get() / 1e6);
        System.exit(errors.get() == 0 ? 0 : 1);
    }
}
