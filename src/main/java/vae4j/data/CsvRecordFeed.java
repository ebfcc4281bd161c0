package vae4j.data;

import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The records of a CSV parsed on a background thread, handed over in blocks, so that parsing the text and using its
 * fields overlap (two cores). Records come in file order, each with its line; a parse error arrives after the
 * records before it, so errors are reported in the same order as by a single thread. Closing stops the thread and
 * closes the file.
 */
final class CsvRecordFeed implements AutoCloseable {
    private static final int BLOCK = 1024;
    private static final int BLOCKS_AHEAD = 4;

    private record Block(CSVRecord[] records, long[] lines, int size, Throwable error, boolean last) {
    }

    private final BlockingQueue<Block> queue = new ArrayBlockingQueue<>(BLOCKS_AHEAD);
    private final Thread thread;
    private Block current;
    private int at;
    private long line;

    /** Starts reading the data rows of {@code text} (its header already read); the feed closes it. */
    CsvRecordFeed(CsvText text) {
        thread = new Thread(() -> produce(text), "vae4j-csv-parser");
        thread.setDaemon(true);
        thread.start();
    }

    private void produce(CsvText text) {
        try (text) {
            CSVRecord[] records = new CSVRecord[BLOCK];
            long[] lines = new long[BLOCK];
            int n = 0;
            try {
                while (text.hasNext()) {
                    records[n] = text.nextRow();
                    lines[n++] = text.line();
                    if (n == BLOCK) {
                        queue.put(new Block(records, lines, n, null, false));
                        records = new CSVRecord[BLOCK];
                        lines = new long[BLOCK];
                        n = 0;
                    }
                }
                queue.put(new Block(records, lines, n, null, true));
            } catch (IOException | RuntimeException | Error e) {
                queue.put(new Block(records, lines, n, e, true));
            }
        } catch (InterruptedException e) {
            // closed by the consumer
        } catch (IOException e) {
            // closing the file failed after the records were handed over: nothing left to report to
        }
    }

    /** True when another record follows; a parse error (naming its line) is thrown after the records before it. */
    boolean hasNext() throws IOException {
        while (current == null || at == current.size()) {
            if (current != null && current.last()) {
                Throwable e = current.error();
                if (e instanceof IOException io) {
                    throw io;
                }
                if (e instanceof RuntimeException r) {
                    throw r;
                }
                if (e instanceof Error err) {
                    throw err;
                }
                return false;
            }
            try {
                current = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading a CSV file");
            }
            at = 0;
        }
        return true;
    }

    /** The next data record (as wide as the header). */
    CSVRecord next() throws IOException {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        line = current.lines()[at];
        return current.records()[at++];
    }

    /** The line the last record started on (1 = the first line of the file). */
    long line() {
        return line;
    }

    @Override
    public void close() throws IOException {
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while closing a CSV file");
        }
    }
}
