package vae4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The decode pool: bounded, refuses with 503 when full, passes failures through. */
class DecodePoolTest {
    @Test
    void aFullPoolRefusesAtOnceWith503() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try (DecodePool pool = new DecodePool(1, 1)) {
            Future<Integer> busy = callers.submit(() -> pool.run(() -> {
                running.countDown();
                release.await();
                return 1;
            }));
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Integer> queued = callers.submit(() -> pool.run(() -> 2));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (pool.waiting() < 1 && System.nanoTime() < until) {
                Thread.sleep(2);
            }
            assertThat(pool.waiting()).isEqualTo(1);
            assertThatThrownBy(() -> pool.run(() -> 3)).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.status()).isEqualTo(503);
                assertThat(e.getMessage()).startsWith("busy");
            });
            release.countDown();
            assertThat(busy.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(queued.get(10, TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(pool.run(() -> 4)).isEqualTo(4);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void failuresComeBackUnwrapped() {
        try (DecodePool pool = new DecodePool(1, 4)) {
            assertThatThrownBy(() -> pool.run(() -> {
                throw new ApiException(400, "bad z");
            })).isInstanceOf(ApiException.class).hasMessage("bad z");
        }
        assertThatThrownBy(() -> new DecodePool(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
