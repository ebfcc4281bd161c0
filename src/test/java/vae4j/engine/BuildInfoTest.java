package vae4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BuildInfoTest {
    @Test
    void aValueTheBuildLeftUnfilledIsUnknown() {
        assertThat(BuildInfo.value("${buildNumber}")).isEqualTo("unknown");
        assertThat(BuildInfo.value(null)).isEqualTo("unknown");
        assertThat(BuildInfo.value(" ")).isEqualTo("unknown");
        assertThat(BuildInfo.value("0123456789ab")).isEqualTo("0123456789ab");
    }

    @Test
    void theLibtorchVersionIsTheBindingsWithoutJavacppsSuffix() {
        BuildInfo b = BuildInfo.current();
        assertThat(b.binding()).isEqualTo("2.10.0-1.5.13");
        assertThat(b.libtorch()).isEqualTo("2.10.0");
    }
}
