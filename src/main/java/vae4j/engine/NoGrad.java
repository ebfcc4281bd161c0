package vae4j.engine;

import org.bytedeco.pytorch.NoGradGuard;

/** A region without autograd (inference, evaluation, in-place parameter changes); restores the mode on close. */
public final class NoGrad implements AutoCloseable {
    private final NoGradGuard guard;

    private NoGrad() {
        Engine.adoptThreadSetting(); // a worker thread's first region: libtorch's thread count for OpenMP too
        this.guard = new NoGradGuard();
    }

    /** Turns autograd off on this thread until {@link #close()}. */
    public static NoGrad enter() {
        return new NoGrad();
    }

    @Override
    public void close() {
        guard.close();
    }
}
