package vae4j.train;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import vae4j.data.ImageSpec;
import vae4j.data.InputSpec;
import vae4j.model.Architecture;
import vae4j.model.Init;
import vae4j.model.ModelConfig;

/** The reference recipes, by name. Every value can be overridden afterwards. */
public enum Preset {
    /** Keras {@code variational_autoencoder.py} (2018 on): 784-512-2, Adam, batch 128, 50 epochs. */
    KERAS_MLP("keras-mlp", Architecture.MLP, List.of(512), 2, OptimizerKind.ADAM, 128, 50, Init.GLOROT,
            "Keras MLP VAE (2018+): 784-512-2, Adam, batch 128"),
    /** The 2017 Keras MLP VAE: 784-256-2, RMSprop, batch 100, 50 epochs. */
    KERAS_MLP_2017("keras-mlp-2017", Architecture.MLP, List.of(256), 2, OptimizerKind.RMSPROP, 100, 50, Init.GLOROT,
            "Keras MLP VAE (2017): 784-256-2, RMSprop, batch 100"),
    /** The seed's conv/deconv VAE (Keras {@code variational_autoencoder_deconv.py}, 2017): RMSprop, batch 100. */
    KERAS_CONV_2017("keras-conv-2017", Architecture.CONV2017, List.of(64, 128), 2, OptimizerKind.RMSPROP, 100, 5,
            Init.GLOROT,
            "Keras conv/deconv VAE (2017): the seed's table, 64 filters, dense 128, RMSprop, batch 100"),
    /** The later Keras conv VAE: Conv 32, 64 (stride 2), Dense 16, latent 2, Adam, batch 128, 30 epochs. */
    KERAS_CONV("keras-conv", Architecture.CONV, List.of(32, 64, 16), 2, OptimizerKind.ADAM, 128, 30, Init.GLOROT,
            "Keras conv VAE (keras.io): conv 32/64 stride 2, dense 16, Adam, batch 128"),
    /** PyTorch's {@code examples/vae}: 784-400-20, Adam 1e-3, batch 128, 10 epochs. */
    PYTORCH_MLP("pytorch-mlp", Architecture.MLP, List.of(400), 20, OptimizerKind.ADAM, 128, 10, Init.PYTORCH,
            "PyTorch examples/vae: 784-400-20, Adam 1e-3, batch 128"),
    /**
     * A VAE for table rows: inputs-128-64-4 with a per-column likelihood, Adam 1e-3, batch 128, 50 epochs (the default
     * for CSV and 2-D NumPy data).
     */
    TABLE_MLP("table-mlp", Architecture.MLP, List.of(128, 64), 4, OptimizerKind.ADAM, 128, 50, Init.PYTORCH,
            "MLP VAE for tables: inputs-128-64-4, per-column likelihood, Adam, batch 128"),
    /**
     * The IWAE paper's one-stochastic-layer model (Burda et al. 2015): 784-200-200-50 with tanh, Bernoulli, Adam with
     * eps 1e-4, batch 20, dynamic binarisation, and its schedule of 3^i passes at learning rate 1e-3 * 10^(-i/7),
     * i = 0..7 (3,280 passes; {@code --passes-scale} shortens it). The objective (ELBO or IWAE k) is chosen apart.
     */
    IWAE_1LAYER("iwae-1layer", Architecture.MLP_TANH, List.of(200, 200), 50, OptimizerKind.ADAM_IWAE, 20, 3280,
            Init.PYTORCH, "IWAE paper, one stochastic layer: 784-200-200-50 tanh, Adam eps 1e-4, batch 20, dynamic"
                    + " binarisation, 3^i-pass learning-rate schedule");

    private final String id;
    private final Architecture architecture;
    private final List<Integer> hidden;
    private final int latent;
    private final OptimizerKind optimizer;
    private final int batch;
    private final int epochs;
    private final Init init;
    private final String description;

    Preset(String id, Architecture architecture, List<Integer> hidden, int latent, OptimizerKind optimizer, int batch,
           int epochs, Init init, String description) {
        this.init = init;
        this.id = id;
        this.architecture = architecture;
        this.hidden = hidden;
        this.latent = latent;
        this.optimizer = optimizer;
        this.batch = batch;
        this.epochs = epochs;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** The recipe's model for images of the given shape: Bernoulli likelihood, the recipe's initialisation. */
    public ModelConfig model(int channels, int height, int width) {
        return model(new ImageSpec(channels, height, width));
    }

    /** The recipe's model for {@code input}, with the input's default likelihood (Bernoulli for images). */
    public ModelConfig model(InputSpec input) {
        return ModelConfig.of(architecture, input, hidden, latent, init);
    }

    /** The preset for data of this kind when none is named: {@code keras-mlp} for images, {@code table-mlp} else. */
    public static Preset defaultFor(InputSpec input) {
        return input instanceof ImageSpec ? KERAS_MLP : TABLE_MLP;
    }

    /** The recipe's training settings (learning rate 1e-3, seed 1). */
    public TrainConfig training() {
        TrainConfig t = new TrainConfig(optimizer, 1e-3, batch, epochs, 1, 0);
        return this == IWAE_1LAYER ? t.withBinarize(true).withSchedule(LearningRateSchedule.iwae(1)) : t;
    }

    public static Preset parse(String s) {
        for (Preset p : values()) {
            if (p.id.equalsIgnoreCase(s.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown preset '" + s + "' (known: " + names() + ")");
    }

    public static String names() {
        return Arrays.stream(values()).map(Preset::id).collect(Collectors.joining(", "));
    }
}
