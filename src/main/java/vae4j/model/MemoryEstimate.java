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

    /** The estimate for training {@code config} with batches of {@code batchSize}. */
    public static MemoryEstimate of(ModelConfig config, int batchSize) {
        double in = config.inputSize();
        double out = config.likelihood().outputs();
        double latent = config.latentDim();
        List<Integer> h = config.hidden();
        double params = 0;
        double units = in;
        switch (config.architecture()) {
            case MLP -> {
                double prev = in;
                for (int width : h) {
                    params += dense(prev, width);
                    units += width;
                    prev = width;
                }
                params += 2 * dense(prev, latent);
                units += 3 * latent; // z_mean, z_log_var, z
                prev = latent;
                for (int i = h.size() - 1; i >= 0; i--) {
                    params += dense(prev, h.get(i));
                    units += h.get(i);
                    prev = h.get(i);
                }
                params += dense(prev, out);
                units += out;
            }
            case CONV2017 -> {
                vae4j.data.ImageSpec img = config.image();
                double c = img.channels();
                double f = h.get(0);
                double inter = h.get(1);
                double small = f * (img.height() / 2) * (img.width() / 2);
                double large = f * (2 * (img.height() / 2) + 1) * (2 * (img.width() / 2) + 1);
                params += conv(c, c, 2) + conv(c, f, 2) + 2 * conv(f, f, 3) + dense(small, inter)
                        + 2 * dense(inter, latent) + dense(latent, inter) + dense(inter, small) + 3 * conv(f, f, 3)
                        + conv(f, c, 2);
                units += in + 3 * small + inter + 3 * latent + inter + 3 * small + large + in;
            }
            case CONV -> {
                vae4j.data.ImageSpec img = config.image();
                double c = img.channels();
                int levels = h.size() - 1;
                double dense = h.get(levels);
                double prev = c;
                double side = 1;
                for (int i = 0; i < levels; i++) {
                    side *= 2;
                    double map = h.get(i) * (img.height() / side) * (img.width() / side);
                    params += conv(prev, h.get(i), 3);
                    units += map;
                    prev = h.get(i);
                }
                double top = prev * (img.height() / side) * (img.width() / side);
                params += dense(top, dense) + 2 * dense(dense, latent) + dense(latent, top);
                units += dense + 3 * latent + top;
                for (int i = 0; i < levels; i++) {
                    int level = levels - 1 - i;
                    double next = h.get(level);
                    double up = 1L << level;
                    params += conv(prev, next, 3);
                    units += next * (img.height() / up) * (img.width() / up);
                    prev = next;
                }
                params += conv(prev, c, 3);
                units += in;
            }
            default -> throw new IllegalStateException("no estimate for " + config.architecture());
        }
        return new MemoryEstimate(params, units, batchSize);
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

    private static double dense(double in, double out) {
        return in * out + out;
    }

    private static double conv(double in, double out, int kernel) {
        return in * out * kernel * kernel + out;
    }
}
