package vae4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Measurements of the data layer, run by {@code scripts/data-bench.sh} (not a test):
 * <ul>
 *   <li>{@code csv FILE [LABEL] [error|mean|drop]}: {@link CsvSource#read} with an empty cache (the parse and the
 *       cache write), then again (cache hit), then one pass over the model-space rows;</li>
 *   <li>{@code npy FILE}: one epoch over a {@code .npy} table in shuffled batches of 256 through the
 *       {@link Dataset} API, rows read in place.</li>
 * </ul>
 * Each prints times, rows/s and the process's peak resident memory (VmHWM).
 */
public final class DataBench {
    private DataBench() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "csv" -> csv(Path.of(args[1]), args.length > 2 ? args[2] : null,
                    args.length > 3 ? CsvOptions.Missing.valueOf(args[3].toUpperCase(Locale.ROOT))
                            : CsvOptions.Missing.ERROR);
            case "npy" -> npy(Path.of(args[1]));
            default -> throw new IllegalArgumentException("usage: csv FILE [LABEL] [MISSING] | npy FILE");
        }
    }

    private static void csv(Path file, String label, CsvOptions.Missing missing) throws IOException {
        Path cache = Files.createTempDirectory("vae4j-bench-cache");
        CsvOptions o = new CsvOptions(label, Set.of(), Set.of(), missing);
        CsvSource src = new CsvSource(cache);
        double mb = Files.size(file) / 1e6;
        long t0 = System.nanoTime();
        RawTable t = src.read(file, o);
        double parse = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "csv %s: %.1f MB, %,d rows, %s%n", file, mb, t.size(),
                new TableSpec(t.schema()).describe());
        System.out.printf(Locale.ROOT, "  first read (one parse + cache write): %.2f s = %,.0f rows/s, %.1f MB/s%n",
                parse, t.size() / parse, mb / parse);
        t.close();
        t0 = System.nanoTime();
        RawTable c = src.read(file, o);
        double hit = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "  cache hit: %.3f s (%s)%n", hit, c.cached() ? "no parse" : "PARSED");
        t0 = System.nanoTime();
        TableFit fit = c.fit(TableFit.allRows(c.size()));
        Dataset d = c.dataset(fit);
        double sum = pass(d, false);
        System.out.printf(Locale.ROOT, "  fit + one pass in model space (%d features): %.2f s (checksum %.3f)%n",
                d.spec().features(), (System.nanoTime() - t0) / 1e9, sum);
        System.out.println("  peak RSS " + peakRss());
    }

    private static void npy(Path file) throws IOException {
        long t0 = System.nanoTime();
        NpySource.Loaded l = NpySource.open(file, null);
        RawTable t = l.table();
        double gib = Files.size(file) / (double) (1L << 30);
        System.out.printf(Locale.ROOT, "npy %s: %.2f GiB, %,d rows x %d (open %.3f s)%n", file, gib, t.size(),
                t.schema().size(), (System.nanoTime() - t0) / 1e9);
        // identity scaling: measure reading, not fitting (a fit is one more sequential pass)
        Dataset d = new TableFit(new TableSpec(t.schema()), new float[t.schema().size()]).dataset(t.name(), t.rows(),
                null, null);
        t0 = System.nanoTime();
        double sum = pass(d, true);
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "  one shuffled epoch, batches of 256: %.1f s = %,.0f rows/s, %.0f MiB/s"
                + " (checksum %.1f)%n", s, t.size() / s, gib * 1024 / s, sum);
        t.close();
        t0 = System.nanoTime();
        LoadedData all = DataSources.open(file, SourceOptions.defaults(Files.createTempDirectory("vae4j-bench")));
        System.out.printf(Locale.ROOT, "  DataSources.open (split, fit on %,d training rows): %.1f s%n",
                all.train().size(), (System.nanoTime() - t0) / 1e9);
        System.out.println("  peak RSS " + peakRss() + " (heap limit " + Runtime.getRuntime().maxMemory() / (1 << 20)
                + " MiB)");
    }

    /** Reads every row once in batches of 256 (shuffled order when asked); returns a checksum. */
    private static double pass(Dataset d, boolean shuffle) {
        int n = d.size();
        int[] order = TableFit.allRows(n);
        if (shuffle) {
            Random r = new Random(1);
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int x = order[i];
                order[i] = order[j];
                order[j] = x;
            }
        }
        int b = 256;
        int f = d.spec().features();
        float[] buf = new float[b * f];
        double sum = 0;
        for (int s = 0; s < n; s += b) {
            int m = Math.min(b, n - s);
            int[] rows = java.util.Arrays.copyOfRange(order, s, s + m);
            d.read(rows, buf);
            sum += buf[0];
        }
        return sum;
    }

    private static String peakRss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                long kb = Long.parseLong(line.replaceAll("\\D", ""));
                return (kb / 1024) + " MiB";
            }
        }
        return "unknown";
    }
}
