package vae4j.engine;

import org.bytedeco.javacpp.PointerScope;

/**
 * A region whose native allocations (tensors, scalars, options) are released when it closes: one per training step
 * or evaluation batch keeps native memory flat. Use {@link Tensors#keep} for a tensor that must outlive it.
 */
public final class Scope implements AutoCloseable {
    private final PointerScope scope;

    private Scope() {
        this.scope = new PointerScope();
    }

    /** Opens a scope on this thread; close it in the same thread (try-with-resources). */
    public static Scope open() {
        return new Scope();
    }

    @Override
    public void close() {
        scope.close();
    }
}
