package vae4j.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;

/**
 * A partition's rows in batches: up to {@code size} input rows are taken at once, handed to {@code work} (one pass
 * through libtorch), and its output rows given out one by one; then the next batch. Memory is one batch of rows.
 * With the system property {@code vae4j.spark.logRss=true} each partition ends with one line on stderr: its rows and
 * the process's resident memory (VmRSS), to see that native memory does not grow from partition to partition.
 */
final class Batching implements Iterator<Row> {
    private final Iterator<Row> input;
    private final int size;
    private final Function<List<Row>, List<Row>> work;
    private Iterator<Row> pending = java.util.Collections.emptyIterator();
    private long rows;
    private boolean logged;

    Batching(Iterator<Row> input, int size, Function<List<Row>, List<Row>> work) {
        this.input = input;
        this.size = size;
        this.work = work;
    }

    @Override
    public boolean hasNext() {
        while (!pending.hasNext()) {
            if (!input.hasNext()) {
                logOnce();
                return false;
            }
            List<Row> batch = new ArrayList<>(size);
            while (batch.size() < size && input.hasNext()) {
                batch.add(input.next());
            }
            rows += batch.size();
            pending = work.apply(batch).iterator();
        }
        return true;
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return pending.next();
    }

    private void logOnce() {
        if (logged || !Boolean.getBoolean("vae4j.spark.logRss")) {
            return;
        }
        logged = true;
        TaskContext tc = TaskContext.get();
        System.err.printf("vae4j-spark: partition %d: %d rows, VmRSS %s%n", tc == null ? -1 : tc.partitionId(), rows,
                rss());
    }

    static String rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return line.substring(6).trim();
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
        return "unknown";
    }
}
