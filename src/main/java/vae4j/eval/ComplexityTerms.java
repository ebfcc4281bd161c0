package vae4j.eval;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import vae4j.data.InputSpec;

/**
 * The complexity terms ({@link CompressedLength}) of a block's examples, computed while the network runs: a helper
 * thread starts on them at once, the scoring thread joins in when its own work is done, and whoever is free takes the
 * next example. At k = 1 zlib at level 9 costs about as much as the network (bench/RESULTS.md, "Inference"), so on
 * two free cores this hides most of it; the values are the same whichever thread computes them.
 */
final class ComplexityTerms {
    private final InputSpec spec;
    private final float[] values;
    private final double[] nats;
    private final AtomicInteger next = new AtomicInteger();
    private final CompletableFuture<Void> helper;

    /** Starts on the first {@code n} examples of {@code values} ({@code [n', features]}, not changed afterwards). */
    ComplexityTerms(InputSpec spec, float[] values, int n) {
        this.spec = spec;
        this.values = values;
        this.nats = new double[n];
        this.helper = CompletableFuture.runAsync(this::work);
    }

    private void work() {
        int f = spec.features();
        for (int i = next.getAndIncrement(); i < nats.length; i = next.getAndIncrement()) {
            nats[i] = CompressedLength.nats(spec, values, i * f);
        }
    }

    /** Computes what is left on this thread, waits for the helper's last example, and returns {@code [n]} nats. */
    double[] finish() {
        work();
        helper.join();
        return nats;
    }
}
