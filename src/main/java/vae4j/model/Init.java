package vae4j.model;


/** How weights are initialised. */
public enum Init {
    /**
     * PyTorch's defaults for {@code nn.Linear}/{@code nn.Conv2d}: weights and biases uniform in
     * +-1/sqrt(fan_in). Used by the PyTorch recipe and by the benchmark against it.
     */
    PYTORCH,
    /**
     * Keras' defaults: Glorot (Xavier) uniform weights, limit sqrt(6 / (fan_in + fan_out)), zero biases. The Keras
     * recipes need it: with PyTorch's random biases the seed conv model's one-filter ReLU input layer can start dead
     * (seen: bias -0.47, every output zero, posterior collapsed at -ELBO 385 on Fashion-MNIST).
     */
    GLOROT;

    public String id() {
        return EnumNames.id(this);
    }

    public static Init parse(String s) {
        return EnumNames.parse(Init.class, s, "init");
    }
}
