package vae4j.engine;

import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Adam;
import org.bytedeco.pytorch.AdamOptions;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Optimizer;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.RMSprop;
import org.bytedeco.pytorch.RMSpropOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * A libtorch optimiser over a module's parameters, with its state saved and loaded in libtorch's own archive format
 * (Adam's moments and step counts, RMSprop's averages), so that a resumed run continues exactly.
 */
public final class Optimizers implements AutoCloseable {
    /**
     * Set to {@code false} ({@code -Dvae4j.flatAdam=false} or {@code VAE4J_FLAT_ADAM=0}) for libtorch's stock
     * {@code torch::optim::Adam} instead of {@link FlatAdam}, the default since it measured 1.23x faster per
     * pytorch-mlp step on 2 threads (7.26 -> 5.92 ms, load 1.5 to 1.9; bench/RESULTS.md, 2026-11-26).
     */
    public static final String FLAT_ADAM_PROPERTY = "vae4j.flatAdam";

    private final TensorVector parameters;
    private final Optimizer optimizer;
    private final FlatAdam flat;
    private final Module module;

    private Optimizers(Module module, TensorVector parameters, Optimizer optimizer, FlatAdam flat) {
        this.module = module;
        // kept: the optimiser outlives any PointerScope open while it is created
        this.parameters = Tensors.keep(parameters);
        this.optimizer = optimizer == null ? null : Tensors.keep(optimizer);
        this.flat = flat;
    }

    /** Adam with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8. */
    public static Optimizers adam(Module module, double learningRate) {
        return adam(module, learningRate, 1e-8, flatAdamByDefault());
    }

    /** Adam with betas (0.9, 0.999) and the given eps. */
    public static Optimizers adam(Module module, double learningRate, double eps) {
        return adam(module, learningRate, eps, flatAdamByDefault());
    }

    /**
     * Adam with betas (0.9, 0.999) and the given eps; {@code flat}: the fused update over one flat buffer
     * ({@link FlatAdam}, same arithmetic), else libtorch's stock optimiser. The flat one re-seats the module's
     * parameters as views of its buffer: create it after the model is on its device.
     */
    public static Optimizers adam(Module module, double learningRate, double eps, boolean flat) {
        if (flat) {
            return adam(module, learningRate, eps, FlatAdam.Update.byDefault());
        }
        TensorVector p = module.parameters();
        AdamOptions o = new AdamOptions(learningRate);
        o.eps().put(eps);
        return new Optimizers(module, p, new Adam(p, o), null);
    }

    /** The flat Adam with the given way of running its update (tests compare them). */
    static Optimizers adam(Module module, double learningRate, double eps, FlatAdam.Update update) {
        TensorVector p = module.parameters();
        return new Optimizers(module, p, null, new FlatAdam(p, learningRate, eps, update));
    }

    /** True unless {@link #FLAT_ADAM_PROPERTY} or {@code VAE4J_FLAT_ADAM} turns the flat Adam off. */
    static boolean flatAdamByDefault() {
        String v = System.getProperty(FLAT_ADAM_PROPERTY);
        if (v == null) {
            v = System.getenv("VAE4J_FLAT_ADAM");
        }
        return v == null || !(v.trim().equals("0") || v.trim().equalsIgnoreCase("false"));
    }

    /** Sets the learning rate of every parameter group (a schedule's step). */
    public void setLearningRate(double lr) {
        if (flat != null) {
            flat.setLearningRate(lr);
            return;
        }
        var groups = optimizer.param_groups();
        for (long i = 0; i < groups.size(); i++) {
            groups.get(i).options().set_lr(lr);
        }
    }

    /** RMSprop with Keras' defaults: rho 0.9, eps 1e-7 (PyTorch's alpha defaults to 0.99). */
    public static Optimizers rmsprop(Module module, double learningRate) {
        TensorVector p = module.parameters();
        RMSpropOptions o = new RMSpropOptions(learningRate);
        o.alpha().put(0.9);
        o.eps().put(1e-7);
        return new Optimizers(module, p, new RMSprop(p, o), null);
    }

    /** Clears the gradients of every parameter. */
    public void zeroGrad() {
        if (flat != null) {
            module.zero_grad(true);
            return;
        }
        optimizer.zero_grad();
    }

    /** Rescales the gradients so that their global L2 norm is at most {@code maxNorm}. */
    public void clipGradNorm(double maxNorm) {
        torch.clip_grad_norm_(parameters, maxNorm);
    }

    /** One update of every parameter from its gradient. */
    public void step() {
        if (flat != null) {
            flat.step();
            return;
        }
        optimizer.step();
    }

    /** Writes the optimiser's state to {@code file} (not atomically: write to a temporary name and move it). */
    public void save(Path file) throws IOException {
        if (flat != null) {
            flat.save(file);
            return;
        }
        try (PointerScope scope = new PointerScope()) {
            OutputArchive archive = new OutputArchive();
            optimizer.save(archive);
            archive.save_to(file.toString());
        } catch (RuntimeException e) {
            throw new IOException(file + ": cannot write the optimiser state (" + firstLine(e.getMessage()) + ")", e);
        }
    }

    /**
     * Loads state written by {@link #save}.
     *
     * @throws IOException with the archive's complaint if the file is not a state of this optimiser
     */
    public void load(Path file) throws IOException {
        if (flat != null) {
            flat.load(file);
            return;
        }
        try (PointerScope scope = new PointerScope()) {
            InputArchive archive = new InputArchive();
            archive.load_from(file.toString());
            optimizer.load(archive);
        } catch (RuntimeException e) {
            throw new IOException(firstLine(e.getMessage()), e);
        }
    }

    static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    @Override
    public void close() {
        if (flat != null) {
            flat.close();
        } else {
            optimizer.close();
        }
        parameters.close();
    }
}
