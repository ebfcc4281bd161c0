package vae4j.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A rough estimate, from the config alone (nothing is allocated), of the memory a training run needs: every parameter
 * four times (weights, gradients and the optimiser's two moments, as Adam keeps them) plus the activations of one batch
 * (each layer output kept for the backward pass, with its gradient and a working copy), at 4 bytes per float.
 *
 * <p>It is meant to catch sizes that cannot possibly fit before libtorch tries and fails with a native error, not to
 * predict the peak exactly: the engine, the JVM and the data set come on top.
 *
 * @param parameters      number of trainable parameters
 * @param activationUnits floats one example produces across all layers (input and outputs of each layer)
 * @param batchSize       examples per step
 */
public record MemoryEstimate(double parameters, double activationUnits, int batchSize) {
    /** Copies of each parameter kept while training: weights, gradients, two optimiser moments. */
    public static final int PARAMETER_COPIES = 4;
    /** Copies of each activation kept per example: the output, its gradient, one working buffer. */
    public static final int ACTIVATION_COPIES = 3;

    /** The estimate for training {@code config} with batches of {@code batchSize}, from its layer plan. */
    public static MemoryEstimate of(ModelConfig config, int batchSize) {
        ModelSummary s = ModelSummary.of(config);
        double units = 0;
        for (List<ModelSummary.Row> part : List.of(s.encoder(), s.decoder())) {
            for (ModelSummary.Row r : part) {
                double n = 1;
                for (long d : r.shape()) {
                    n *= d;
                }
                units += n;
            }
        }
        return new MemoryEstimate(s.parameters(), units, batchSize);
    }

    /** Estimated bytes for training: parameters and optimiser state, plus one batch's activations. */
    public double bytes() {
        return 4.0 * (PARAMETER_COPIES * parameters + ACTIVATION_COPIES * activationUnits * batchSize);
    }

    /** e.g. {@code "about 57.3 GiB (3.6e+09 parameters x 16 bytes + activations of batch 128)"}. */
    public String describe() {
        return String.format(Locale.ROOT, "about %s (%.3g parameters x %d bytes + activations of batch %d: %s)",
                human(bytes()), parameters, 4 * PARAMETER_COPIES, batchSize,
                human(4.0 * ACTIVATION_COPIES * activationUnits * batchSize));
    }

    /** Memory this process could still use: {@code MemAvailable} of /proc/meminfo, else the JVM's maximum heap. */
    public static long availableBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    String[] f = line.trim().split("\\s+");
                    return Long.parseLong(f[1]) * 1024;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: fall through
        }
        return Runtime.getRuntime().maxMemory();
    }

    /** Bytes as MiB or GiB with three significant digits. */
    public static String human(double bytes) {
        double gib = bytes / (1L << 30);
        return gib >= 1 ? String.format(Locale.ROOT, "%.3g GiB", gib)
                : String.format(Locale.ROOT, "%.3g MiB", bytes / (1L << 20));
    }


}
