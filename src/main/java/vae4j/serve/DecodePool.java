package vae4j.serve;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed number of threads that run decoder passes, with a bounded queue: a request that finds the queue full is
 * refused at once (HTTP 503) instead of piling up memory. The threads are daemons, so they never keep the JVM alive.
 */
public final class DecodePool implements AutoCloseable {
    private static final long TIMEOUT_S = 60;
    private final ThreadPoolExecutor executor;

    /** {@code threads} workers and room for {@code queue} waiting tasks. */
    public DecodePool(int threads, int queue) {
        if (threads < 1 || threads > 64 || queue < 1) {
            throw new IllegalArgumentException("decode threads must be in 1..64 and the queue >= 1, got " + threads
                    + " and " + queue);
        }
        AtomicInteger count = new AtomicInteger();
        executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                r -> {
                    Thread t = new Thread(r, "vae4j-decode-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** Runs {@code task} on a worker and waits for it; its exceptions are thrown unwrapped. */
    public <T> T run(Callable<T> task) {
        Future<T> f;
        try {
            f = executor.submit(task);
        } catch (RejectedExecutionException e) {
            throw new ApiException(503, "busy: every decoder thread is working and the queue is full; try again");
        }
        try {
            return f.get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted while decoding");
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new ApiException(503, "decoding took longer than " + TIMEOUT_S + " s");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
    }

    /** Number of worker threads. */
    public int threads() {
        return executor.getCorePoolSize();
    }

    /** Tasks waiting for a worker. */
    int waiting() {
        return executor.getQueue().size();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
