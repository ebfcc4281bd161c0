package vae4j.engine;

import org.bytedeco.pytorch.Tensor;

/** One step of a network: {@code [batch, ...in] -> [batch, ...out]}. */
public interface Layer {
    /** Applies the layer to a batch. */
    Tensor forward(Tensor x);

    /** A one-line description for summaries, e.g. {@code Conv2D 64, 3x3, stride 1, same, relu}. */
    String describe();

    /** Number of trainable scalars. */
    long parameterCount();

    /** Re-initialises the weights Keras' way: Glorot-uniform weights, zero biases. Layers without weights: no-op. */
    default void initGlorot() {
    }

    /** Glorot-uniform {@code weight} (limit sqrt(6 / (fan_in + fan_out))) and zero {@code bias}, without autograd. */
    static void glorot(Tensor weight, Tensor bias) {
        try (org.bytedeco.pytorch.NoGradGuard guard = new org.bytedeco.pytorch.NoGradGuard()) {
            org.bytedeco.pytorch.global.torch.xavier_uniform_(weight);
            org.bytedeco.pytorch.global.torch.zeros_(bias);
        }
    }
}
