package vae4j.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import vae4j.engine.Activation;
import vae4j.engine.Autocast;
import vae4j.engine.Dense;
import vae4j.engine.Engine;
import vae4j.engine.Layer;
import vae4j.engine.Tensors;

/**
 * A variational autoencoder: encoder {@code x [batch, ...input] -> (z_mean, z_log_var) [batch, latent]}, a
 * reparameterised sample {@code z = z_mean + exp(z_log_var / 2) * eps}, decoder {@code z -> params} of the likelihood
 * ({@code [batch, c, h, w]} logits for images, {@code [batch, outputs]} for tables). The loss per example is
 * {@code -log p(x|z) + KL(q(z|x) || N(0, I))}, the negative evidence lower bound. Examples are in model space (see
 * {@link vae4j.data.InputSpec}): images {@code [batch, c, h, w]} in [0, 1], table rows {@code [batch, features]}.
 *
 * <p>All parameters live in one libtorch module ({@link #module()}), so that optimisers and the model file see them
 * in one place. The three Keras models are views of this one: {@link #encode} (the encoder), {@link #decode} (the
 * generator) and {@link #loss} (the VAE).
 */
public final class Vae {
    private final ModelConfig config;
    private final Module root;
    private final List<Layer> encoder;
    private final Dense meanHead;
    private final Dense logVarHead;
    private final List<Layer> decoder;
    /** Index of the encoder layer whose input gets the one-hot label (conditional models). */
    private final int conditionAt;

    /** Serialises weight initialisation, the one use of libtorch's global generator (see {@link #create}). */
    private static final Object INIT_LOCK = new Object();

    /** Builds a model with weights initialised from libtorch's global generator (use {@link #create} to seed them). */
    public Vae(ModelConfig config) {
        Engine.init();
        this.config = config;
        this.root = new Module();
        Architecture.Plan plan = config.architecture().plan(config);
        // built in this order (body layers, then the heads) so that a seed gives the same initial weights as ever
        this.encoder = plan.encoder().stream().map(spec -> spec.build(root)).toList();
        this.decoder = plan.decoder().stream().map(spec -> spec.build(root)).toList();
        this.conditionAt = config.conditional() ? Architecture.firstDense(plan.encoder()) : -1;
        this.meanHead = new Dense(root, "z_mean", plan.features(), config.latentDim(), Activation.NONE);
        this.logVarHead = new Dense(root, "z_log_var", plan.features(), config.latentDim(), Activation.NONE);
        if (config.init() == Init.GLOROT) {
            layers().forEach(info -> info.layer().initGlorot());
        }
    }

    /** The posterior's parameters: both {@code [batch, latent]}. */
    public record Encoding(Tensor mean, Tensor logVar) {
    }

    /** The loss terms, each averaged over the batch (nats per image), as scalar tensors. */
    public record Loss(Tensor total, Tensor reconstruction, Tensor kl) {
    }

    public ModelConfig config() {
        return config;
    }

    /** The libtorch module holding every parameter. */
    public Module module() {
        return root;
    }

    /**
     * @param x {@code [batch, ...input]} in model space (conv models work on images in channels-last layout)
     */
    public Encoding encode(Tensor x) {
        return encode(x, null);
    }

    /**
     * The posterior of a conditional model given labels (for an unconditional one {@code labels} must be null).
     *
     * @param x      {@code [batch, ...input]} in model space
     * @param labels {@code [batch, classes]} one-hot labels, or null for an unconditional model
     */
    public Encoding encode(Tensor x, Tensor labels) {
        checkLabels(labels);
        Tensor h = config.architecture().denseOnly() ? x
                : x.contiguous(org.bytedeco.pytorch.global.torch.MemoryFormat.ChannelsLast);
        for (int i = 0; i < encoder.size(); i++) {
            if (i == conditionAt) {
                h = release(h, Tensors.cat(List.of(h, labels), 1), x);
            }
            h = release(h, encoder.get(i).forward(h), x);
        }
        // float32 out of the heads even under bf16 autocast: the KL and the sample are computed in float32
        Tensor logVar = Autocast.toFloat(logVarHead.forward(h));
        if (config.logVarLimit() > 0) {
            logVar = logVar.clamp(Tensors.scalarOptional(-config.logVarLimit()),
                    Tensors.scalarOptional(config.logVarLimit()));
        }
        return new Encoding(Autocast.toFloat(meanHead.forward(h)), logVar);
    }

    /** @param z {@code [batch, latent]} @return the likelihood's parameters, {@link Likelihood#outputShape} */
    public Tensor decodeParams(Tensor z) {
        return decodeParams(z, null);
    }

    /**
     * @param z      {@code [batch, latent]}
     * @param labels {@code [batch, classes]} one-hot labels of a conditional model, or null
     * @return the likelihood's parameters, {@link Likelihood#outputShape}
     */
    public Tensor decodeParams(Tensor z, Tensor labels) {
        checkLabels(labels);
        Tensor h = labels == null ? z : Tensors.cat(List.of(z, labels), 1);
        for (Layer layer : decoder) {
            h = release(h, layer.forward(h), z);
        }
        return Autocast.toFloat(h);   // the likelihood's parameters in float32 even under bf16 autocast
    }

    /** @param z {@code [batch, latent]} @return E[x|z], {@code [batch, ...input]} in model space */
    public Tensor decode(Tensor z) {
        return decode(z, null);
    }

    /** @param labels {@code [batch, classes]} one-hot, or null @return E[x|z, label] {@code [batch, ...input]} */
    public Tensor decode(Tensor z, Tensor labels) {
        return config.likelihood().mean(decodeParams(z, labels));
    }

    /**
     * Closes our handle on the intermediate {@code done} (not the caller's {@code input}) once {@code next} is computed
     * from it: autograd keeps its own reference where the backward pass needs the values, and frees them as soon as
     * that part of the backward pass has run, instead of at the end of the step's scope. Values are unchanged; the
     * peak memory of a step with large activations (the conv models) is lower.
     */
    private static Tensor release(Tensor done, Tensor next, Tensor input) {
        if (done != input && done != next) {
            done.close();
        }
        return next;
    }

    private void checkLabels(Tensor labels) {
        if (config.conditional() && labels == null) {
            throw new IllegalArgumentException("this model is conditional on " + config.classes()
                    + " classes: give labels");
        }
        if (!config.conditional() && labels != null) {
            throw new IllegalArgumentException("this model is not conditional: it takes no labels");
        }
        if (labels != null && labels.size(1) != config.classes()) {
            throw new IllegalArgumentException("labels have " + labels.size(1) + " classes, the model "
                    + config.classes());
        }
    }

    /**
     * One stochastic estimate of the negative ELBO, the noise drawn from {@code rng}.
     *
     * @param x {@code [batch, ...input]} in model space
     */
    public Loss loss(Tensor x, vae4j.engine.Rng rng) {
        return loss(x, null, rng);
    }

    /** As {@link #loss(Tensor, vae4j.engine.Rng)}, for a conditional model: {@code labels [batch, classes]}. */
    public Loss loss(Tensor x, Tensor labels, vae4j.engine.Rng rng) {
        Encoding q = encode(x, labels);
        Tensor z = Gaussians.sample(q.mean(), q.logVar(), rng);
        Tensor params = decodeParams(z, labels);
        double batch = x.size(0);
        Tensor recon = config.likelihood().negLogLikelihoodSum(params, x).div(Tensors.scalar(batch));
        Tensor kl = Gaussians.klToStandardNormal(q.mean(), q.logVar()).sum().div(Tensors.scalar(batch));
        return new Loss(recon.add(kl), recon, kl);
    }

    /** The device the parameters live on. */
    public org.bytedeco.pytorch.Device device() {
        return meanHead.device();
    }

    /** Moves every parameter to {@code device}. */
    public void to(org.bytedeco.pytorch.Device device) {
        root.to(device, false);
    }

    /**
     * A model with weights drawn from libtorch's generator seeded with {@code seed}: the same seed gives the same
     * initial weights.
     */
    public static Vae create(ModelConfig config, long seed) {
        Engine.init();
        // libtorch's layers draw their initial weights from the global generator; the lock keeps two models created
        // at once in one JVM from interleaving their draws
        synchronized (INIT_LOCK) {
            org.bytedeco.pytorch.global.torch.manual_seed(seed);
            return new Vae(config);
        }
    }

    /** Sets training or evaluation mode (no layer here behaves differently yet, but the module tracks it). */
    public void train(boolean on) {
        root.train(on);
    }

    /** Number of trainable scalars. */
    public long parameterCount() {
        long n = 0;
        for (LayerInfo info : layers()) {
            n += info.layer().parameterCount();
        }
        return n;
    }

    /** One layer of the model, for summaries. */
    public record LayerInfo(String part, Layer layer) {
    }

    /** Encoder body, the two heads, then the decoder, in order. */
    public List<LayerInfo> layers() {
        List<LayerInfo> out = new ArrayList<>();
        encoder.forEach(l -> out.add(new LayerInfo("encoder", l)));
        out.add(new LayerInfo("z_mean", meanHead));
        out.add(new LayerInfo("z_log_var", logVarHead));
        decoder.forEach(l -> out.add(new LayerInfo("decoder", l)));
        return Collections.unmodifiableList(out);
    }

    /** Encoder layers then the mean head (for the shape table). */
    List<Layer> encoderLayers() {
        return encoder;
    }

    List<Layer> decoderLayers() {
        return decoder;
    }
}
