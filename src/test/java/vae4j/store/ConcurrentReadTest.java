package vae4j.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vae4j.io.SafeTensors;
import vae4j.model.Vae;

/**
 * A reader never sees half of a model: while a thread saves version after version (history one epoch longer each
 * time, weights from one of eight different models chosen by the history length), every load succeeds and its
 * weights are those that belong with its history.
 */
class ConcurrentReadTest {
    @TempDir
    Path dir;

    @Test
    void aLoadWhoseVersionIsDeletedUnderneathStartsAgainFromTheNewCurrent() throws Exception {
        Path m = dir.resolve("m");
        ModelDirectory.save(m, StoreFixtures.model(1, 1), null);
        int[] calls = {0};
        SavedModel s = ModelDirectory.load(m, version -> {
            if (calls[0]++ == 0) { // two checkpoints between resolving current and reading: version 1 is deleted
                ModelDirectory.save(m, StoreFixtures.model(2, 2), null);
                ModelDirectory.save(m, StoreFixtures.model(3, 3), null);
                assertThat(version).doesNotExist();
            }
        });
        assertThat(calls[0]).isEqualTo(2);
        assertThat(s.history()).hasSize(3);
    }

    @Test
    void loadsWhileAModelIsCheckpointedInATightLoopAreAlwaysConsistent() throws Exception {
        Path m = dir.resolve("m");
        int kinds = 8;
        List<Vae> vaes = new ArrayList<>();
        List<Map<String, SafeTensors.Entry>> expected = new ArrayList<>();
        for (int i = 0; i < kinds; i++) { // created here: Vae.create seeds libtorch's global generator
            Vae v = Vae.create(StoreFixtures.TINY, 100 + i);
            vaes.add(v);
            expected.add(ModelDirectory.weights(v));
        }
        ModelDirectory.save(m, StoreFixtures.model(vaes.get(0), 0), null);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger saves = new AtomicInteger();
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                for (int n = 1; !stop.get(); n++) {
                    ModelDirectory.save(m, StoreFixtures.model(vaes.get(n % kinds), n), null, n % 5 == 0);
                    saves.incrementAndGet();
                }
            } catch (Throwable t) {
                writerFailure.set(t);
            }
        }, "checkpointing");
        writer.start();
        List<String> failures = new ArrayList<>();
        Set<Integer> seen = new TreeSet<>();
        long start = System.nanoTime();
        try {
            // at least 200 loads, and on a busy machine more, until the reader has seen several versions go by
            for (int i = 0; (i < 200 || seen.size() < 5) && System.nanoTime() - start < 15_000_000_000L; i++) {
                try {
                    SavedModel s = ModelDirectory.load(m);
                    int n = s.history().size();
                    seen.add(n);
                    if (s.progress().epoch() != n + 1) {
                        failures.add("load " + i + ": progress " + s.progress() + " with " + n + " epochs");
                    }
                    Map<String, SafeTensors.Entry> w = ModelDirectory.weights(s.model());
                    for (var e : expected.get(n % kinds).entrySet()) {
                        if (!java.util.Arrays.equals(w.get(e.getKey()).values(), e.getValue().values())) {
                            failures.add("load " + i + ": weights " + e.getKey() + " are not those saved with "
                                    + n + " epochs");
                            break;
                        }
                    }
                } catch (Exception e) {
                    failures.add("load " + i + ": " + e);
                }
            }
        } finally {
            stop.set(true);
            writer.join();
        }
        System.out.printf("concurrent read: %d saves, %d distinct versions loaded, %d failures%n", saves.get(),
                seen.size(), failures.size());
        assertThat(writerFailure.get()).isNull();
        assertThat(failures).isEmpty();
        assertThat(seen.size()).as("versions seen by the reader").isGreaterThanOrEqualTo(5);
        assertThat(StoreFixtures.versions(m).size()).isLessThanOrEqualTo(3);
    }
}
