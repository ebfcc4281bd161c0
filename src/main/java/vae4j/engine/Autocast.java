package vae4j.engine;

import org.bytedeco.pytorch.global.torch;

/**
 * A region in which libtorch's CPU autocast runs the matrix work (linear layers, convolutions, transposed
 * convolutions) in bfloat16 while the weights stay float32 (the casts are part of the autograd graph, so the
 * gradients reach the float32 master weights). Everything else (element-wise ops, losses) keeps the dtype it is given;
 * callers turn the outputs they reduce (logits, posterior parameters) back to float32 with {@link #toFloat}.
 * Thread-local: enter and close on the thread that runs the forward passes (training, or an inference worker). The
 * cast-weight cache is off, so a weight updated in place by the optimiser is never used stale.
 */
public final class Autocast implements AutoCloseable {
    private final boolean wasEnabled;
    private final torch.ScalarType wasDtype;
    private final boolean wasCache;
    private final boolean on;

    private Autocast(boolean on) {
        Engine.init();
        this.on = on;
        this.wasEnabled = torch.is_autocast_enabled(torch.DeviceType.CPU);
        this.wasDtype = torch.get_autocast_dtype(torch.DeviceType.CPU);
        this.wasCache = torch.is_autocast_cache_enabled();
        if (on) {
            torch.set_autocast_dtype(torch.DeviceType.CPU, torch.ScalarType.BFloat16);
            torch.set_autocast_cache_enabled(false);
            torch.set_autocast_enabled(torch.DeviceType.CPU, true);
        }
    }

    /** bfloat16 matrix work until {@link #close()} when {@code on}; a no-op region otherwise. */
    public static Autocast bf16(boolean on) {
        return new Autocast(on);
    }

    /**
     * {@code work} inside a {@link #bf16(boolean)} region: a network's forward pass in inference, with the ops around it
     * (likelihoods, sampling) left outside.
     */
    public static <T> T bf16(boolean on, java.util.function.Supplier<T> work) {
        try (Autocast region = bf16(on)) {
            return work.get();
        }
    }

    /**
     * Refuses bfloat16 inference on a device other than the CPU: these regions turn on libtorch's CPU autocast only, so
     * a model elsewhere would silently run in float32 under a bf16 label.
     *
     * @throws IllegalArgumentException for {@code bf16} and a device that is not the CPU
     */
    public static void checkDevice(boolean bf16, org.bytedeco.pytorch.Device device) {
        if (bf16 && !device.is_cpu()) {
            throw new IllegalArgumentException("--precision bf16 runs on the CPU only (libtorch's CPU autocast)");
        }
    }

    /** {@code t} as float32 (itself when it is float32 already). */
    public static org.bytedeco.pytorch.Tensor toFloat(org.bytedeco.pytorch.Tensor t) {
        return t.scalar_type().value == torch.ScalarType.Float.value ? t : t.to(torch.ScalarType.Float);
    }

    @Override
    public void close() {
        if (on) {
            torch.set_autocast_enabled(torch.DeviceType.CPU, wasEnabled);
            torch.set_autocast_dtype(torch.DeviceType.CPU, wasDtype);
            torch.set_autocast_cache_enabled(wasCache);
            torch.clear_cache();
        }
    }
}
