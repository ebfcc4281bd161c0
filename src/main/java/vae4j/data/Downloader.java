package vae4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Downloads a file over HTTP(S) into place only if its SHA-256 is the expected one: the bytes go to a temporary file
 * beside the target, are hashed on the way, and are moved into place atomically after the check. A mismatch deletes
 * the temporary file and fails; nothing unverified is ever left under the target's name.
 */
public final class Downloader {
    private final HttpClient client;
    private final Duration timeout;

    public Downloader(Duration connectTimeout, Duration timeout) {
        this.client = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.timeout = timeout;
    }

    /** Thrown when the bytes arrived but are not the expected ones. */
    public static final class ChecksumMismatchException extends IOException {
        public ChecksumMismatchException(String message) {
            super(message);
        }
    }

    /**
     * Fetches {@code url} to {@code target}.
     *
     * @throws ChecksumMismatchException if the content's SHA-256 differs from {@code sha256} (the file is discarded)
     * @throws IOException               if the server cannot be reached or answers with an error
     */
    public void download(URI url, Path target, String sha256, Consumer<String> log) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), target.getFileName() + ".", ".part");
        try {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
            HttpResponse<InputStream> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while downloading " + url, e);
            }
            if (response.statusCode() != 200) {
                response.body().close();
                throw new IOException(url + " answered HTTP " + response.statusCode());
            }
            MessageDigest md = Hashing.digest();
            long bytes = 0;
            try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(tmp)) {
                byte[] buf = new byte[1 << 16];
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                    out.write(buf, 0, n);
                    bytes += n;
                }
            }
            String actual = HexFormat.of().formatHex(md.digest());
            if (!actual.equalsIgnoreCase(sha256)) {
                throw new ChecksumMismatchException(url + ": downloaded " + bytes + " bytes with SHA-256 " + actual
                        + ", expected " + sha256 + "; the download was discarded");
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            log.accept("downloaded " + url + " (" + bytes + " bytes, SHA-256 verified)");
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
