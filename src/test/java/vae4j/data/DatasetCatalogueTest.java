package vae4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCatalogueTest {
    @TempDir
    Path dir;

    private static Downloader downloader() {
        return new Downloader(Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @Test
    void readsAFolderOfIdxFiles() throws IOException {
        byte[] px = new byte[4 * 9];
        px[5] = (byte) 255;
        Files.write(dir.resolve("train-images-idx3-ubyte"), IdxFile.encode(new int[] {4, 3, 3}, px));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), IdxFile.encode(new int[] {4}, new byte[] {0, 1, 2, 3}));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), IdxFile.encode(new int[] {2, 3, 3}, new byte[18]));
        DataSplits s = DatasetCatalogue.fromDirectory(dir);
        assertThat(s.train().size()).isEqualTo(4);
        assertThat(s.train().labels()).containsExactly(0, 1, 2, 3);
        assertThat(s.test().size()).isEqualTo(2);
        assertThat(s.test().hasLabels()).isFalse();
        assertThat(s.sha256()).hasSize(64);
    }

    @Test
    void namesMissingFiles() throws IOException {
        Files.write(dir.resolve("train-images-idx3-ubyte"), IdxFile.encode(new int[] {1, 2, 2}, new byte[4]));
        assertThatThrownBy(() -> DatasetCatalogue.fromDirectory(dir)).isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("missing t10k-images-idx3-ubyte[.gz]");
        assertThatThrownBy(() -> DatasetCatalogue.fromDirectory(dir.resolve("nope")))
                .hasMessageContaining("not a directory");
    }

    @Test
    void offlineWithoutFilesSaysHowToProvideThem() {
        List<String> log = new ArrayList<>();
        DatasetCatalogue c = new DatasetCatalogue(dir, downloader(), false, log::add);
        assertThatThrownBy(() -> c.load("mnist")).isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("train-images-idx3-ubyte.gz is not in " + dir.resolve("datasets/mnist"))
                .hasMessageContaining("--data DIR");
        assertThatThrownBy(() -> c.load("cifar")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("known: mnist, fashion-mnist, mnist-10k");
    }

    @Test
    void cachedFileWithUnknownChecksumIsIgnored() throws IOException {
        Path cache = dir.resolve("datasets/mnist");
        Files.createDirectories(cache);
        Files.write(cache.resolve("train-images-idx3-ubyte.gz"), new byte[] {1, 2, 3});
        List<String> log = new ArrayList<>();
        DatasetCatalogue c = new DatasetCatalogue(dir, downloader(), false, log::add);
        assertThatThrownBy(() -> c.load("mnist")).isInstanceOf(DatasetUnavailableException.class);
        assertThat(log).anyMatch(l -> l.contains("is not a known mnist file"));
    }

    @Test
    void downloadWithWrongChecksumIsDiscarded() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] body = "not the file you wanted".getBytes();
        server.createContext("/f", ex -> {
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/f");
            Path target = dir.resolve("sub/f.gz");
            assertThatThrownBy(() -> downloader().download(url, target, "00".repeat(32), m -> { }))
                    .isInstanceOf(Downloader.ChecksumMismatchException.class)
                    .hasMessageContaining("the download was discarded");
            assertThat(target).doesNotExist();
            try (var files = Files.list(dir.resolve("sub"))) {
                assertThat(files.toList()).isEmpty();
            }
            downloader().download(url, target, Hashing.sha256Hex(body), m -> { });
            assertThat(target).hasBinaryContent(body);
        } finally {
            server.stop(0);
        }
    }
}
