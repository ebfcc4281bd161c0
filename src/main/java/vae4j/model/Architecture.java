package vae4j.model;

import java.util.ArrayList;
import java.util.List;
import vae4j.data.ImageSpec;
import vae4j.data.InputSpec;
import vae4j.engine.Activation;
import vae4j.engine.Conv2d;
import vae4j.model.LayerSpec.ConvSpec;
import vae4j.model.LayerSpec.DeconvSpec;
import vae4j.model.LayerSpec.DenseSpec;
import vae4j.model.LayerSpec.ReshapeSpec;

/**
 * Encoder and decoder families. {@link ModelConfig#hidden()} means, per family:
 * <ul>
 *   <li>{@code mlp}: the widths of the hidden Dense layers, e.g. {@code [512]}; the decoder mirrors them. Takes any
 *       input: images are flattened, table rows are used as they are.</li>
 *   <li>{@code conv2017}: {@code [filters, intermediate]}: the seed's conv table (Keras
 *       {@code variational_autoencoder_deconv.py}, 2017), e.g. {@code [64, 128]}.</li>
 *   <li>{@code conv}: {@code [filters1, ..., filtersK, dense]}: K stride-2 3x3 convolutions down (each halves the
 *       image sides), a Dense layer, and K stride-2 transposed convolutions back up; any image size whose sides are
 *       divisible by 2^K, any channel count. With {@code [32, 64, 16]} it is the later Keras conv VAE (keras.io).</li>
 * </ul>
 * An architecture is a {@link Plan}: layer specs (plain data, see {@link LayerSpec}) that {@link Vae} builds into libtorch
 * layers and that {@code summary} and the memory estimate read without starting the engine.
 * The encoder body ends in a {@code [batch, features]} tensor that feeds the z_mean and z_log_var heads; the decoder
 * maps {@code [batch, latent]} to the likelihood's parameters ({@link Likelihood#outputShape}).
 */
public enum Architecture {
    MLP {
        @Override
        Plan layers(ModelConfig c) {
            return mlp(c, Activation.RELU);
        }

        @Override
        String problem(InputSpec input, List<Integer> hidden) {
            return hidden.isEmpty() ? "mlp needs at least one hidden size" : null;
        }
    },
    /** The MLP with tanh hidden layers (the IWAE paper's one-stochastic-layer networks). */
    MLP_TANH {
        @Override
        Plan layers(ModelConfig c) {
            return mlp(c, Activation.TANH);
        }

        @Override
        String problem(InputSpec input, List<Integer> hidden) {
            return hidden.isEmpty() ? "mlp_tanh needs at least one hidden size" : null;
        }
    },
    CONV2017 {
        @Override
        Plan layers(ModelConfig c) {
            ImageSpec img = c.image();
            int filters = c.hidden().get(0);
            int intermediate = c.hidden().get(1);
            int ch = img.channels();
            long h2 = img.height() / 2;
            long w2 = img.width() / 2;
            List<LayerSpec> enc = List.of(
                    new ConvSpec("enc_conv0", ch, ch, 2, 1, Conv2d.SAME, Activation.RELU),
                    new ConvSpec("enc_conv1", ch, filters, 2, 2, 0, Activation.RELU),
                    new ConvSpec("enc_conv2", filters, filters, 3, 1, Conv2d.SAME, Activation.RELU),
                    new ConvSpec("enc_conv3", filters, filters, 3, 1, Conv2d.SAME, Activation.RELU),
                    new ReshapeSpec(),
                    new DenseSpec("enc_dense", filters * h2 * w2, intermediate, Activation.RELU));
            List<LayerSpec> dec = List.of(
                    new DenseSpec("dec_dense0", c.latentDim(), intermediate, Activation.RELU),
                    new DenseSpec("dec_dense1", intermediate, filters * h2 * w2, Activation.RELU),
                    new ReshapeSpec(filters, h2, w2),
                    new DeconvSpec("dec_deconv0", filters, filters, 3, 1, true, Activation.RELU),
                    new DeconvSpec("dec_deconv1", filters, filters, 3, 1, true, Activation.RELU),
                    new DeconvSpec("dec_deconv2", filters, filters, 3, 2, false, Activation.RELU),
                    new ConvSpec("dec_out", filters, c.likelihood().outputShape(1)[1], 2, 1, 0, Activation.NONE));
            return new Plan(enc, intermediate, dec);
        }

        @Override
        String problem(InputSpec input, List<Integer> hidden) {
            if (!(input instanceof ImageSpec img)) {
                return "conv2017 takes images, not a " + input.describe() + " (use an mlp preset)";
            }
            if (hidden.size() != 2) {
                return "conv2017 takes 2 hidden sizes (filters,intermediate), got " + hidden;
            }
            if (img.height() % 2 != 0 || img.width() % 2 != 0) {
                return "conv2017 needs image sides divisible by 2, got " + img.height() + "x" + img.width();
            }
            return null;
        }
    },
    CONV {
        @Override
        Plan layers(ModelConfig c) {
            ImageSpec img = c.image();
            List<Integer> h = c.hidden();
            int levels = h.size() - 1;
            int dense = h.get(levels);
            int ch = img.channels();
            long scale = 1L << levels;
            long hs = img.height() / scale;
            long ws = img.width() / scale;
            int top = h.get(levels - 1);
            List<LayerSpec> enc = new ArrayList<>();
            int in = ch;
            for (int i = 0; i < levels; i++) {
                enc.add(new ConvSpec("enc_conv" + i, in, h.get(i), 3, 2, 1, Activation.RELU));
                in = h.get(i);
            }
            enc.add(new ReshapeSpec());
            enc.add(new DenseSpec("enc_dense", top * hs * ws, dense, Activation.RELU));
            List<LayerSpec> dec = new ArrayList<>();
            dec.add(new DenseSpec("dec_dense", c.latentDim(), top * hs * ws, Activation.RELU));
            dec.add(new ReshapeSpec(top, hs, ws));
            in = top;
            for (int i = 0; i < levels; i++) {
                int out = h.get(levels - 1 - i);
                dec.add(new DeconvSpec("dec_deconv" + i, in, out, 3, 2, true, Activation.RELU));
                in = out;
            }
            dec.add(new DeconvSpec("dec_out", in, c.likelihood().outputShape(1)[1], 3, 1, true, Activation.NONE));
            return new Plan(enc, dense, dec);
        }

        @Override
        String problem(InputSpec input, List<Integer> hidden) {
            if (!(input instanceof ImageSpec img)) {
                return "conv takes images, not a " + input.describe() + " (use an mlp preset)";
            }
            if (hidden.size() < 2) {
                return "conv takes filters per level then a dense size (e.g. 32,64,16), got " + hidden;
            }
            int levels = hidden.size() - 1;
            if (levels > 8) {
                return "conv takes at most 8 levels, got " + levels;
            }
            int div = 1 << levels;
            if (img.height() % div != 0 || img.width() % div != 0) {
                return "conv with " + levels + " levels needs image sides divisible by " + div + ", got "
                        + img.height() + "x" + img.width() + " (resize the images, e.g. --image-size "
                        + (img.height() / div + 1) * div + "x" + (img.width() / div + 1) * div + ")";
            }
            return null;
        }
    };

    /** Layers of one model: encoder body, its output width, decoder. */
    public record Plan(List<LayerSpec> encoder, long features, List<LayerSpec> decoder) {
        public Plan {
            encoder = List.copyOf(encoder);
            decoder = List.copyOf(decoder);
        }
    }

    /**
     * The layers of a model of this family for {@code config} (valid: {@link #problem} returned null). A conditional
     * model's one-hot label ({@link ModelConfig#classes()} values) is concatenated to the input of the encoder's first
     * Dense layer (after any convolutions) and to z before the decoder, so both are {@code classes} wider there.
     */
    public Plan plan(ModelConfig config) {
        Plan p = layers(config);
        if (config.classes() == 0) {
            return p;
        }
        return new Plan(widenFirstDense(p.encoder(), config.classes()), p.features(),
                widenFirstDense(p.decoder(), config.classes()));
    }

    /** Index of the first Dense layer in {@code layers}: where a conditional model's label is concatenated. */
    public static int firstDense(List<LayerSpec> layers) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) instanceof DenseSpec) {
                return i;
            }
        }
        throw new IllegalStateException("no Dense layer to condition on");
    }

    private static List<LayerSpec> widenFirstDense(List<LayerSpec> layers, int classes) {
        List<LayerSpec> out = new ArrayList<>(layers);
        int i = firstDense(out);
        DenseSpec d = (DenseSpec) out.get(i);
        out.set(i, new DenseSpec(d.name(), d.in() + classes, d.out(), d.activation()));
        return out;
    }

    abstract Plan layers(ModelConfig config);

    /** Dense layers of widths {@code hidden} with {@code act}, mirrored in the decoder. */
    private static Plan mlp(ModelConfig c, Activation act) {
        List<LayerSpec> enc = new ArrayList<>();
        List<LayerSpec> dec = new ArrayList<>();
        long in = c.inputSize();
        enc.add(new ReshapeSpec());
        long prev = in;
        List<Integer> h = c.hidden();
        for (int i = 0; i < h.size(); i++) {
            enc.add(new DenseSpec("enc_dense" + i, prev, h.get(i), act));
            prev = h.get(i);
        }
        long features = prev;
        prev = c.latentDim();
        for (int i = h.size() - 1; i >= 0; i--) {
            dec.add(new DenseSpec("dec_dense" + (h.size() - 1 - i), prev, h.get(i), act));
            prev = h.get(i);
        }
        dec.add(new DenseSpec("dec_out", prev, c.likelihood().outputs(), Activation.NONE));
        long[] shape = c.likelihood().outputShape(1);
        if (shape.length > 2) {
            dec.add(new ReshapeSpec(java.util.Arrays.copyOfRange(shape, 1, shape.length)));
        }
        return new Plan(enc, features, dec);
    }

    /** Checks that an input and hidden sizes fit this family; returns a message naming the problem, or null. */
    abstract String problem(InputSpec input, List<Integer> hidden);

    /** True for the families of Dense layers only (no convolutions). */
    public boolean denseOnly() {
        return this == MLP || this == MLP_TANH;
    }

    /** Lower-case name used in configs. */
    public String id() {
        return EnumNames.id(this);
    }

    /** Parses {@code mlp}, {@code conv2017} or {@code conv}. */
    public static Architecture parse(String s) {
        return EnumNames.parse(Architecture.class, s, "architecture");
    }
}
