package vae4j.loader;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import vae4j.data.Dataset;

/**
 * The batches of one pass over a data set in a given order: batch {@code b} holds examples
 * {@code order[b * size .. (b + 1) * size)}. With prefetching, the next batch is read by a background thread while
 * the caller works on the current one, so reading from a file overlaps with computing; at most two batches are held.
 */
public final class BatchLoader implements AutoCloseable {
    /** One batch: {@code values} holds {@code rows.length * features} floats in model space. */
    public record Batch(int index, int[] rows, float[] values) {
        public int size() {
            return rows.length;
        }
    }

    private final Dataset data;
    private final int[] order;
    private final int batchSize;
    private final ExecutorService reader;
    private int next;
    private Future<Batch> pending;

    /**
     * @param order      example indices in visiting order
     * @param batchSize  examples per batch (the last batch may be smaller)
     * @param firstBatch the batch to start from (0-based; for resuming in the middle of a pass)
     * @param prefetch   read the next batch in a background thread
     */
    public BatchLoader(Dataset data, int[] order, int batchSize, int firstBatch, boolean prefetch) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.data = data;
        this.order = order;
        this.batchSize = batchSize;
        this.next = firstBatch;
        this.reader = prefetch ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "vae4j-batch-reader");
            t.setDaemon(true);
            return t;
        }) : null;
        schedule();
    }

    /** Batches in one pass over {@code n} examples. */
    public static int batchCount(int n, int batchSize) {
        return (n + batchSize - 1) / batchSize;
    }

    public boolean hasNext() {
        return (long) next * batchSize < order.length;
    }

    /** The next batch (read now, or taken from the background reader). */
    public Batch next() {
        if (!hasNext()) {
            throw new java.util.NoSuchElementException("no batch " + next);
        }
        Batch b;
        if (pending != null) {
            try {
                b = pending.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading a batch", e);
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(cause);
            }
        } else {
            b = read(next);
        }
        next++;
        schedule();
        return b;
    }

    private void schedule() {
        if (reader != null && hasNext()) {
            int b = next;
            pending = reader.submit(() -> read(b));
        } else {
            pending = null;
        }
    }

    private Batch read(int b) {
        int from = b * batchSize;
        int len = Math.min(batchSize, order.length - from);
        int[] rows = java.util.Arrays.copyOfRange(order, from, from + len);
        float[] values = new float[len * data.spec().features()];
        data.read(rows, values);
        return new Batch(b, rows, values);
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.shutdownNow();
        }
    }
}
