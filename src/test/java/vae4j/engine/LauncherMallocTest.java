package vae4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The launchers' glibc malloc settings (scripts/malloc-env.sh): set when absent, a user's own values kept, and the
 * same in every launcher (./vae4j through scripts/omp-env.sh, ./vae4j-spark, the release archive's bin/vae4j).
 */
class LauncherMallocTest {
    private static String sourced(String script, Map<String, String> env) throws IOException, InterruptedException {
        return SharedPoolTest.sourcedEcho(script, "${MALLOC_MMAP_THRESHOLD_-unset} ${MALLOC_TRIM_THRESHOLD_-unset}", env);
    }

    @Test
    void theLaunchersKeepFreedTensorMemoryUnlessTheUserSaysOtherwise() throws Exception {
        // 32 MiB: glibc's own ceiling for its dynamic threshold; 128 MiB of free memory kept per heap
        assertThat(sourced("scripts/omp-env.sh", Map.of())).isEqualTo("33554432 134217728");
        assertThat(sourced("scripts/malloc-env.sh", Map.of())).isEqualTo("33554432 134217728");
        assertThat(sourced("scripts/omp-env.sh", Map.of("MALLOC_TRIM_THRESHOLD_", "0")))
                .isEqualTo("33554432 0");
        assertThat(SharedPoolTest.functionBody(Path.of("src/dist/bin/vae4j"), "malloc_env"))
                .isEqualTo(SharedPoolTest.functionBody(Path.of("scripts/malloc-env.sh"), "vae4j_malloc_env"))
                .isNotEmpty();
        assertThat(java.nio.file.Files.readString(Path.of("vae4j-spark")))
                .contains("source \"$here/scripts/malloc-env.sh\"");
    }
}
