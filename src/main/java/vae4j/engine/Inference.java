package vae4j.engine;

import org.bytedeco.pytorch.InferenceMode;

/**
 * A region of pure inference (scoring, evaluation, encoding): libtorch's {@code InferenceMode}, which is
 * {@link NoGrad} plus no view or version-counter bookkeeping on the tensors made inside. Tensors made here cannot
 * take part in autograd later, so use it only where results leave as Java values (never around training or
 * parameter updates, which take {@link NoGrad}). Restores the mode on close.
 */
public final class Inference implements AutoCloseable {
    private final InferenceMode guard;

    private Inference() {
        Engine.adoptThreadSetting(); // a worker thread's first region: libtorch's thread count for OpenMP too
        this.guard = new InferenceMode();
    }

    /** Enters inference mode on this thread until {@link #close()}. */
    public static Inference enter() {
        return new Inference();
    }

    /** Whether this thread is in inference mode. */
    public static boolean active() {
        Engine.init();
        return InferenceMode.is_enabled();
    }

    @Override
    public void close() {
        guard.close();
    }
}
