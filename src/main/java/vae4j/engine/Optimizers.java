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
    private final TensorVector parameters;
    private final Optimizer optimizer;

    private Optimizers(TensorVector parameters, Optimizer optimizer) {
        this.parameters = parameters;
        this.optimizer = optimizer;
    }

    /** Adam with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8. */
    public static Optimizers adam(Module module, double learningRate) {
        TensorVector p = module.parameters();
        return new Optimizers(p, new Adam(p, new AdamOptions(learningRate)));
    }

    /** Adam with betas (0.9, 0.999) and the given eps. */
    public static Optimizers adam(Module module, double learningRate, double eps) {
        TensorVector p = module.parameters();
        AdamOptions o = new AdamOptions(learningRate);
        o.eps().put(eps);
        return new Optimizers(p, new Adam(p, o));
    }

    /** Sets the learning rate of every parameter group (a schedule's step). */
    public void setLearningRate(double lr) {
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
        return new Optimizers(p, new RMSprop(p, o));
    }

    /** Clears the gradients of every parameter. */
    public void zeroGrad() {
        optimizer.zero_grad();
    }

    /** Rescales the gradients so that their global L2 norm is at most {@code maxNorm}. */
    public void clipGradNorm(double maxNorm) {
        torch.clip_grad_norm_(parameters, maxNorm);
    }

    /** One update of every parameter from its gradient. */
    public void step() {
        optimizer.step();
    }

    /** Writes the optimiser's state to {@code file} (not atomically: write to a temporary name and move it). */
    public void save(Path file) throws IOException {
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
        try (PointerScope scope = new PointerScope()) {
            InputArchive archive = new InputArchive();
            archive.load_from(file.toString());
            optimizer.load(archive);
        } catch (RuntimeException e) {
            throw new IOException(firstLine(e.getMessage()), e);
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    @Override
    public void close() {
        optimizer.close();
    }
}
