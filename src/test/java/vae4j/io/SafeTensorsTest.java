package vae4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    @TempDir
    Path dir;

    private Path sample() throws IOException {
        Map<String, SafeTensors.Entry> m = new LinkedHashMap<>();
        m.put("a.weight", new SafeTensors.Entry(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, -6.5f}));
        m.put("a.bias", new SafeTensors.Entry(new long[] {2}, new float[] {Float.MIN_VALUE, Float.MAX_VALUE}));
        Path p = dir.resolve("w.safetensors");
        SafeTensors.write(p, m, Map.of("format", "pt"));
        return p;
    }

    @Test
    void roundTripsExactly() throws IOException {
        Map<String, SafeTensors.Entry> back = SafeTensors.read(sample());
        assertThat(back.keySet()).containsExactly("a.weight", "a.bias");
        assertThat(back.get("a.weight").shape()).containsExactly(2, 3);
        assertThat(back.get("a.weight").values()).containsExactly(1, 2, 3, 4, 5, -6.5f);
        assertThat(back.get("a.bias").values()).containsExactly(Float.MIN_VALUE, Float.MAX_VALUE);
    }

    @Test
    void rejectsTruncatedAndPaddedFiles() throws IOException {
        Path p = sample();
        byte[] bytes = Files.readAllBytes(p);
        Files.write(p, Arrays.copyOf(bytes, bytes.length - 4));
        assertThatThrownBy(() -> SafeTensors.read(p)).isInstanceOf(CorruptFileException.class)
                .hasMessageContaining(p.toString());
        Files.write(p, Arrays.copyOf(bytes, bytes.length + 4));
        assertThatThrownBy(() -> SafeTensors.read(p)).hasMessageContaining("truncated or padded");
        Files.write(p, Arrays.copyOf(bytes, 5));
        assertThatThrownBy(() -> SafeTensors.read(p)).hasMessageContaining("too short");
    }

    @Test
    void rejectsAMalformedHeader() throws IOException {
        Path p = sample();
        byte[] bytes = Files.readAllBytes(p);
        bytes[9] = '!';
        Files.write(p, bytes);
        assertThatThrownBy(() -> SafeTensors.read(p)).hasMessageContaining("malformed JSON header");
        Files.write(p, new byte[] {(byte) 0xff, (byte) 0xff, 0, 0, 0, 0, 0, 0, 1, 2});
        assertThatThrownBy(() -> SafeTensors.read(p)).hasMessageContaining("does not fit");
    }

    @Test
    void atomicWriteLeavesTheOldFileWhenTheWriterFails() throws IOException {
        Path p = dir.resolve("x.txt");
        AtomicFiles.writeString(p, "old");
        assertThatThrownBy(() -> AtomicFiles.write(p, out -> {
            out.write("half".getBytes());
            throw new IOException("disk full");
        })).hasMessage("cannot write " + p.toAbsolutePath() + ": disk full");
        assertThat(p).hasContent("old");
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).containsExactly("x.txt");
        }
    }
}
