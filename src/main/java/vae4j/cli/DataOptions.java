package vae4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;
import vae4j.data.DataSplits;
import vae4j.data.DatasetCatalogue;
import vae4j.data.Downloader;

/** Where data comes from: {@code --dataset NAME} from the catalogue or {@code --data DIR}, plus subset limits. */
final class DataOptions {
    @Option(names = "--dataset", paramLabel = "NAME",
            description = "mnist, fashion-mnist or mnist-10k (cached under $VAE4J_HOME, downloaded and verified if"
                    + " missing)")
    String dataset;

    @Option(names = "--data", paramLabel = "DIR",
            description = "a folder with IDX files named like MNIST's (train-images-idx3-ubyte[.gz], ...)")
    Path dataDir;

    @Option(names = "--offline", description = "never download; use files already present")
    boolean offline;

    @Option(names = "--limit-train", paramLabel = "N", description = "use only the first N training images")
    Integer limitTrain;

    @Option(names = "--limit-test", paramLabel = "N", description = "use only the first N test images")
    Integer limitTest;

    boolean given() {
        return dataset != null || dataDir != null;
    }

    /** The folder these options read data from (--data, or the catalogue's cache of --dataset), for OutputGuard. */
    OutputGuard.Input input() {
        if (dataDir != null) {
            return new OutputGuard.Input("the data folder", OutputGuard.nonBlank("--data", dataDir));
        }
        if (dataset != null) {
            return new OutputGuard.Input("the cached data set " + dataset,
                    DatasetCatalogue.defaultHome().resolve("datasets").resolve(dataset));
        }
        return null;
    }

    /** Loads what the options name; {@code fallbackName} is used when neither --dataset nor --data is given. */
    DataSplits load(PrintWriter log, String fallbackName) throws IOException {
        if (dataset != null && dataDir != null) {
            throw new IllegalArgumentException("give either --dataset or --data, not both");
        }
        DataSplits s;
        if (dataDir != null) {
            s = DatasetCatalogue.fromDirectory(dataDir);
        } else {
            String name = dataset != null ? dataset : fallbackName;
            if (name == null) {
                throw new IllegalArgumentException("no data: pass --dataset NAME or --data DIR");
            }
            s = catalogue(log, offline).load(name);
        }
        return limit(s);
    }

    DataSplits limit(DataSplits s) {
        if (limitTrain != null && limitTrain < 1 || limitTest != null && limitTest < 1) {
            throw new IllegalArgumentException("--limit-train and --limit-test must be >= 1");
        }
        return s.limit(limitTrain == null ? Integer.MAX_VALUE : limitTrain,
                limitTest == null ? Integer.MAX_VALUE : limitTest);
    }

    static DatasetCatalogue catalogue(PrintWriter log, boolean offline) {
        return new DatasetCatalogue(DatasetCatalogue.defaultHome(),
                new Downloader(Duration.ofSeconds(10), Duration.ofMinutes(10)), !offline, m -> {
                    log.println(m);
                    log.flush();
                });
    }
}
