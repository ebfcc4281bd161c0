package vae4j.model;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Module;
import vae4j.engine.Activation;
import vae4j.engine.Conv2d;
import vae4j.engine.ConvTranspose2d;
import vae4j.engine.Dense;
import vae4j.engine.Layer;
import vae4j.engine.Reshape;

/**
 * Encoder and decoder families. {@link ModelConfig#hidden()} means, per family:
 * <ul>
 *   <li>{@code mlp}: the widths of the hidden Dense layers, e.g. {@code [512]}; the decoder mirrors them.</li>
 *   <li>{@code conv2017}: {@code [filters, intermediate]}: the seed's conv table (Keras
 *       {@code variational_autoencoder_deconv.py}, 2017), e.g. {@code [64, 128]}.</li>
 *   <li>{@code conv}: {@code [filters1, filters2, dense]}: the later, smaller Keras conv VAE, e.g.
 *       {@code [32, 64, 16]}.</li>
 * </ul>
 * The encoder body ends in a {@code [batch, features]} tensor that feeds the z_mean and z_log_var heads; the decoder
 * maps {@code [batch, latent]} to logits {@code [batch, c, h, w]}.
 */
public enum Architecture {
    MLP(-1) {
        @Override
        Parts build(Module owner, ModelConfig c) {
            List<Layer> enc = new ArrayList<>();
            List<Layer> dec = new ArrayList<>();
            long in = (long) c.channels() * c.height() * c.width();
            enc.add(new Reshape());
            long prev = in;
            List<Integer> h = c.hidden();
            for (int i = 0; i < h.size(); i++) {
                enc.add(new Dense(owner, "enc_dense" + i, prev, h.get(i), Activation.RELU));
                prev = h.get(i);
            }
            long features = prev;
            prev = c.latentDim();
            for (int i = h.size() - 1; i >= 0; i--) {
                dec.add(new Dense(owner, "dec_dense" + (h.size() - 1 - i), prev, h.get(i), Activation.RELU));
                prev = h.get(i);
            }
            dec.add(new Dense(owner, "dec_out", prev, in, Activation.NONE));
            dec.add(new Reshape(c.channels(), c.height(), c.width()));
            return new Parts(enc, features, dec);
        }
    },
    CONV2017(2) {
        @Override
        Parts build(Module owner, ModelConfig c) {
            int filters = c.hidden().get(0);
            int intermediate = c.hidden().get(1);
            int ch = c.channels();
            long h2 = c.height() / 2;
            long w2 = c.width() / 2;
            List<Layer> enc = List.of(
                    new Conv2d(owner, "enc_conv0", ch, ch, 2, 1, Conv2d.SAME, Activation.RELU),
                    new Conv2d(owner, "enc_conv1", ch, filters, 2, 2, 0, Activation.RELU),
                    new Conv2d(owner, "enc_conv2", filters, filters, 3, 1, Conv2d.SAME, Activation.RELU),
                    new Conv2d(owner, "enc_conv3", filters, filters, 3, 1, Conv2d.SAME, Activation.RELU),
                    new Reshape(),
                    new Dense(owner, "enc_dense", filters * h2 * w2, intermediate, Activation.RELU));
            List<Layer> dec = List.of(
                    new Dense(owner, "dec_dense0", c.latentDim(), intermediate, Activation.RELU),
                    new Dense(owner, "dec_dense1", intermediate, filters * h2 * w2, Activation.RELU),
                    new Reshape(filters, h2, w2),
                    new ConvTranspose2d(owner, "dec_deconv0", filters, filters, 3, 1, true, Activation.RELU),
                    new ConvTranspose2d(owner, "dec_deconv1", filters, filters, 3, 1, true, Activation.RELU),
                    new ConvTranspose2d(owner, "dec_deconv2", filters, filters, 3, 2, false, Activation.RELU),
                    new Conv2d(owner, "dec_out", filters, ch, 2, 1, 0, Activation.NONE));
            return new Parts(enc, intermediate, dec);
        }
    },
    CONV(3) {
        @Override
        Parts build(Module owner, ModelConfig c) {
            int f1 = c.hidden().get(0);
            int f2 = c.hidden().get(1);
            int dense = c.hidden().get(2);
            int ch = c.channels();
            long h4 = c.height() / 4;
            long w4 = c.width() / 4;
            List<Layer> enc = List.of(
                    new Conv2d(owner, "enc_conv0", ch, f1, 3, 2, 1, Activation.RELU),
                    new Conv2d(owner, "enc_conv1", f1, f2, 3, 2, 1, Activation.RELU),
                    new Reshape(),
                    new Dense(owner, "enc_dense", f2 * h4 * w4, dense, Activation.RELU));
            List<Layer> dec = List.of(
                    new Dense(owner, "dec_dense", c.latentDim(), f2 * h4 * w4, Activation.RELU),
                    new Reshape(f2, h4, w4),
                    new ConvTranspose2d(owner, "dec_deconv0", f2, f2, 3, 2, true, Activation.RELU),
                    new ConvTranspose2d(owner, "dec_deconv1", f2, f1, 3, 2, true, Activation.RELU),
                    new ConvTranspose2d(owner, "dec_out", f1, ch, 3, 1, true, Activation.NONE));
            return new Parts(enc, dense, dec);
        }
    };

    private final int hiddenCount;

    Architecture(int hiddenCount) {
        this.hiddenCount = hiddenCount;
    }

    /** Layers of one model: encoder body, its output width, decoder. */
    record Parts(List<Layer> encoder, long features, List<Layer> decoder) {
    }

    abstract Parts build(Module owner, ModelConfig config);

    /** Checks that {@code config} fits this family; returns a message naming the problem, or null. */
    String problem(ModelConfig.Shape c) {
        if (hiddenCount > 0 && c.hidden().size() != hiddenCount) {
            return id() + " takes " + hiddenCount + " hidden sizes (" + (this == CONV2017 ? "filters,intermediate"
                    : "filters1,filters2,dense") + "), got " + c.hidden();
        }
        if (hiddenCount < 0 && c.hidden().isEmpty()) {
            return "mlp needs at least one hidden size";
        }
        int div = this == CONV2017 ? 2 : this == CONV ? 4 : 1;
        if (c.height() % div != 0 || c.width() % div != 0) {
            return id() + " needs image sides divisible by " + div + ", got " + c.height() + "x" + c.width();
        }
        return null;
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
