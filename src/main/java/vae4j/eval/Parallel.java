package vae4j.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs blocks of inference work on up to a given number of threads, results in the blocks' order. */
final class Parallel {
    private Parallel() {
    }

    /**
     * Calls every task, on the calling thread when {@code threads} is 1 or there is one task, else on up to
     * {@code threads} daemon threads named {@code name}; a task's unchecked exception is rethrown as it is. Returns or
     * throws only once no task runs any more.
     *
     * @return the tasks' results in the tasks' order
     */
    static <T> List<T> run(List<? extends Callable<T>> tasks, int threads, String name) {
        List<T> out = new ArrayList<>(tasks.size());
        if (threads <= 1 || tasks.size() <= 1) {
            for (Callable<T> task : tasks) {
                try {
                    out.add(task.call());
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, tasks.size()), r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        try {
            for (Future<T> done : pool.invokeAll(tasks)) {
                out.add(done.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted in " + name, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
            awaitEnd(pool);
        }
    }

    /**
     * Waits until every task has ended, even when this thread is interrupted (the flag is kept): a task inside libtorch
     * cannot be stopped, and the caller frees the tensors it reads as soon as this returns.
     */
    private static void awaitEnd(ExecutorService pool) {
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
