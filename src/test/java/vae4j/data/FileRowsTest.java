package vae4j.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileRowsTest {
    @TempDir
    Path dir;

    @Test
    void readsFloat32RowsAfterAnOffset() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(5 + 4 * 6).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[5]);
        for (int i = 0; i < 6; i++) {
            b.putFloat(i * 1.5f);
        }
        Path p = dir.resolve("f.bin");
        Files.write(p, b.array());
        try (FileRows r = new FileRows(p, 5, 3, 2, FileRows.DType.FLOAT32, ByteOrder.LITTLE_ENDIAN)) {
            float[] dst = new float[4];
            r.read(2, dst, 1);
            assertThat(dst).containsExactly(0f, 6f, 7.5f, 0f);
            assertThat(r.load().rows()).isEqualTo(3);
            assertThatThrownBy(() -> r.read(3, dst, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void readsBigEndianFloat64AndUint8() throws IOException {
        Path d = dir.resolve("d.bin");
        Files.write(d, ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN).putDouble(2.5).putDouble(-1).array());
        try (FileRows r = new FileRows(d, 0, 1, 2, FileRows.DType.FLOAT64, ByteOrder.BIG_ENDIAN)) {
            float[] dst = new float[2];
            r.read(0, dst, 0);
            assertThat(dst).containsExactly(2.5f, -1f);
        }
        Path u = dir.resolve("u.bin");
        Files.write(u, new byte[] {0, (byte) 200, (byte) 255, 7});
        try (FileRows r = new FileRows(u, 0, 2, 2, FileRows.DType.UINT8, ByteOrder.LITTLE_ENDIAN)) {
            float[] dst = new float[2];
            r.read(0, dst, 0);
            assertThat(dst).containsExactly(0f, 200f);
            r.read(1, dst, 0);
            assertThat(dst).containsExactly(255f, 7f);
        }
    }

    @Test
    void aShortFileIsAnError() throws IOException {
        Path p = dir.resolve("s.bin");
        Files.write(p, new byte[10]);
        assertThatThrownBy(() -> new FileRows(p, 0, 3, 1, FileRows.DType.FLOAT32, ByteOrder.LITTLE_ENDIAN))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("file has 10 bytes but 3 rows");
    }

    @Test
    void concurrentReadsSeeTheirOwnRows() throws Exception {
        int rows = 2000;
        int width = 33;
        ByteBuffer b = ByteBuffer.allocate(rows * width * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < rows * width; i++) {
            b.putFloat(i);
        }
        Path p = dir.resolve("c.bin");
        Files.write(p, b.array());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (FileRows r = new FileRows(p, 0, rows, width, FileRows.DType.FLOAT32, ByteOrder.LITTLE_ENDIAN)) {
            List<Future<Boolean>> all = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int seed = t;
                all.add(pool.submit(() -> {
                    float[] dst = new float[width];
                    for (int k = 0; k < 5000; k++) {
                        int row = (k * 7919 + seed * 31) % rows;
                        r.read(row, dst, 0);
                        for (int j = 0; j < width; j++) {
                            if (dst[j] != row * width + j) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : all) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
    }
}
