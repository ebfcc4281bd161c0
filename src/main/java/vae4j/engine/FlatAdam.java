package vae4j.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.InputArchive;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.OutputArchive;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Adam in a handful of in-place operations over ONE flat buffer: every parameter is re-seated as a view into a flat
 * float32 tensor {@code [n]} (n = all parameters' elements), the gradients are gathered into a second flat buffer by
 * one concatenation, and the moments live in two more; a step is then 8 kernels over {@code [n]} instead of 8 per
 * parameter tensor, with no temporaries (on 2 threads a pytorch-mlp step 7.26 -> 5.92 ms: 9 OpenMP regions per
 * update instead of about 50). The arithmetic is libtorch's {@code torch::optim::Adam} (no weight decay, no amsgrad):
 * <pre>
 *   m = m * beta1 + (1 - beta1) g;  v = v * beta2 + (1 - beta2) g^2
 *   p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * by default in ONE pass, libtorch's fused kernel ({@link FusedAdamOp}; pytorch-mlp's optimiser phase 0.54-0.58 ->
 * 0.39-0.41 ms, a step 4.32-4.44 -> 4.15-4.25 ms, bench/RESULTS.md), else in 5 passes ({@code lerp_} for m, the bias
 * corrections folded into the scalars) or operation for operation ({@link Update}); each way equal to the stock step
 * to rounding (tested to 1e-6 over many steps).
 *
 * <p>State files: its own archive ({@code flat_adam/*}: step, exp_avg, exp_avg_sq, numel per parameter), and on loading
 * also libtorch's Adam archive as earlier versions wrote it, so a model folder saved then still resumes exactly.
 */
final class FlatAdam {
    private static final String PREFIX = "flat_adam/";

    /** How the update runs over the flat buffers; the same arithmetic to rounding each way. */
    enum Update {
        /** libtorch's fused kernel ({@link FusedAdamOp}): one pass. */
        FUSED,
        /** 5 in-place operations, the bias corrections folded into the scalars. */
        PASSES,
        /** 7 in-place operations, operation for operation as {@code torch::optim::Adam}. */
        EXACT;

        /**
         * {@link #FUSED} where libtorch has the kernel, else {@link #PASSES}; A/B switches:
         * {@code -Dvae4j.flatAdam.fused=false} (passes), {@code -Dvae4j.flatAdam.exact=true}.
         */
        static Update byDefault() {
            if (Boolean.getBoolean("vae4j.flatAdam.exact")) {
                return EXACT;
            }
            boolean fused = !"false".equals(System.getProperty("vae4j.flatAdam.fused"));
            return fused && FusedAdamOp.available() ? FUSED : PASSES;
        }
    }

    private final Update update;
    private final List<Tensor> params = new ArrayList<>();
    private final long[] numels;
    private final Tensor flat;
    private final Tensor grads;
    private final Tensor expAvg;
    private final Tensor expAvgSq;
    /** Scratch for the passes ({@code [n]}); null with the fused kernel. */
    private final Tensor denom;
    /** The step number as the fused kernel reads it, {@code [1]} float32. */
    private final Tensor stepNumber;
    private final FusedAdamOp fused;
    private final double beta1 = 0.9;
    private final double beta2 = 0.999;
    private final double eps;
    private double lr;
    private long step;

    FlatAdam(TensorVector parameters, double lr, double eps, Update update) {
        this.update = update;
        this.lr = lr;
        this.eps = eps;
        int count = (int) parameters.size();
        numels = new long[count];
        long total = 0;
        for (int i = 0; i < count; i++) {
            Tensor p = parameters.get(i);
            if (p.scalar_type().value != torch.ScalarType.Float.value) {
                throw new IllegalArgumentException("flat Adam needs float32 parameters, got " + p.scalar_type());
            }
            numels[i] = p.numel();
            total += numels[i];
        }
        try (NoGradGuard guard = new NoGradGuard()) {
            TensorOptions like = new TensorOptions(torch.ScalarType.Float).device(
                    new org.bytedeco.pytorch.DeviceOptional(parameters.get(0).device()));
            flat = Tensors.keep(torch.empty(new long[] {total}, like, new org.bytedeco.pytorch.MemoryFormatOptional()));
            grads = Tensors.keep(torch.zeros(new long[] {total}, new org.bytedeco.pytorch.DimnameListOptional(), like));
            expAvg = Tensors.keep(torch.zeros(new long[] {total}, new org.bytedeco.pytorch.DimnameListOptional(), like));
            expAvgSq = Tensors.keep(torch.zeros(new long[] {total}, new org.bytedeco.pytorch.DimnameListOptional(), like));
            denom = update == Update.FUSED ? null
                    : Tensors.keep(torch.empty(new long[] {total}, like, new org.bytedeco.pytorch.MemoryFormatOptional()));
            stepNumber = Tensors.keep(torch.zeros(new long[] {1}, new org.bytedeco.pytorch.DimnameListOptional(), like));
            long offset = 0;
            for (int i = 0; i < count; i++) {
                // a handle of our own (get() is a reference into the vector, which may belong to the caller's scope)
                Tensor p = Tensors.keep(new Tensor(parameters.get(i)));
                long[] shape = Tensors.shape(p);
                try (PointerScope scope = new PointerScope()) {
                    flat.narrow(0, offset, numels[i]).copy_(p.reshape(-1));
                    p.set_(flat.storage(), offset, shape, contiguousStrides(shape));
                }
                params.add(p);
                offset += numels[i];
            }
        }
        fused = update == Update.FUSED ? new FusedAdamOp(flat, grads, expAvg, expAvgSq, stepNumber) : null;
    }

    private static long[] contiguousStrides(long[] shape) {
        long[] s = new long[shape.length];
        long acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    void setLearningRate(double lr) {
        this.lr = lr;
    }

    /** One Adam update of every parameter from its gradient (a parameter without one counts as a zero gradient). */
    void step() {
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            TensorVector g = new TensorVector();
            for (int i = 0; i < params.size(); i++) {
                Tensor grad = params.get(i).grad();
                g.push_back(grad.defined() ? grad.reshape(-1) : torch.zeros(new long[] {numels[i]}, new org.bytedeco.pytorch.DimnameListOptional()));
            }
            torch.cat_out(grads, g, 0);
            step++;
            if (fused != null) {
                stepNumber.fill_(Tensors.scalar(step));
                fused.step(lr, beta1, beta2, eps);
                return;
            }
            double bc1 = 1 - Math.pow(beta1, step);
            double bc2 = 1 - Math.pow(beta2, step);
            if (update == Update.EXACT) {
                expAvg.mul_(Tensors.scalar(beta1)).add_(grads, Tensors.scalar(1 - beta1));
                expAvgSq.mul_(Tensors.scalar(beta2)).addcmul_(grads, grads, Tensors.scalar(1 - beta2));
                torch.sqrt_out(denom, expAvgSq);
                denom.div_(Tensors.scalar(Math.sqrt(bc2))).add_(Tensors.scalar(eps));
                flat.addcdiv_(expAvg, denom, Tensors.scalar(-lr / bc1));
            } else {
                // the same update in 5 passes instead of 7: m + (1-b1)(g - m) is m b1 + (1-b1) g, and
                // m / bc1 / (sqrt(v) / sqrt(bc2) + eps) is m sqrt(bc2) / bc1 / (sqrt(v) + eps sqrt(bc2))
                expAvg.lerp_(grads, Tensors.scalar(1 - beta1));
                expAvgSq.mul_(Tensors.scalar(beta2)).addcmul_(grads, grads, Tensors.scalar(1 - beta2));
                torch.sqrt_out(denom, expAvgSq);
                denom.add_(Tensors.scalar(eps * Math.sqrt(bc2)));
                flat.addcdiv_(expAvg, denom, Tensors.scalar(-lr * Math.sqrt(bc2) / bc1));
            }
        }
    }

    /** Writes step, moments and the parameter sizes to {@code file} (libtorch archive). */
    void save(Path file) throws IOException {
        try (PointerScope scope = new PointerScope()) {
            OutputArchive a = new OutputArchive();
            a.write(PREFIX + "step", Tensors.longs(new long[] {step}));
            a.write(PREFIX + "numels", Tensors.longs(numels));
            a.write(PREFIX + "exp_avg", expAvg.clone());
            a.write(PREFIX + "exp_avg_sq", expAvgSq.clone());
            a.save_to(file.toString());
        } catch (RuntimeException e) {
            throw new IOException(file + ": cannot write the optimiser state (" + Optimizers.firstLine(e.getMessage())
                    + ")", e);
        }
    }

    /**
     * Loads {@link #save}'s format or libtorch's {@code torch::optim::Adam} archive (earlier vae4j versions).
     *
     * @throws IOException naming what does not fit
     */
    void load(Path file) throws IOException {
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            InputArchive a = new InputArchive();
            a.load_from(file.toString());
            Tensor t = new Tensor();
            if (a.try_read(PREFIX + "numels", t)) {
                long[] saved = longs(t);
                if (!java.util.Arrays.equals(saved, numels)) {
                    throw new IOException("optimiser state for parameters of sizes " + java.util.Arrays.toString(saved)
                            + ", this model has " + java.util.Arrays.toString(numels));
                }
                Tensor s = new Tensor();
                a.read(PREFIX + "step", s);
                Tensor m = new Tensor();
                a.read(PREFIX + "exp_avg", m);
                Tensor v = new Tensor();
                a.read(PREFIX + "exp_avg_sq", v);
                expAvg.copy_(m);
                expAvgSq.copy_(v);
                step = longs(s)[0];
            } else {
                loadStock(a);
            }
        } catch (RuntimeException e) {
            throw new IOException(Optimizers.firstLine(e.getMessage()), e);
        }
    }

    /** libtorch's Adam archive: {@code param_groups/0/params/i} names the state {@code state/<key>} of parameter i. */
    private void loadStock(InputArchive a) throws IOException {
        InputArchive groups = new InputArchive();
        a.read("param_groups", groups);
        InputArchive group = new InputArchive();
        groups.read("param_groups/0", group);
        Tensor size = new Tensor();
        group.read("params/size", size);
        if (longs(size)[0] != params.size()) {
            throw new IOException("optimiser state for " + longs(size)[0] + " parameters, this model has "
                    + params.size());
        }
        InputArchive state = new InputArchive();
        a.read("state", state);
        Map<String, Boolean> present = new HashMap<>();
        for (long i = 0; i < state.keys().size(); i++) {
            present.put(state.keys().get(i).getString(), true);
        }
        long offset = 0;
        long loadedStep = -1;
        for (int i = 0; i < params.size(); i++) {
            IValue key = new IValue();
            group.read("params/" + i, key);
            String k = key.toStringRef().getString();
            if (present.containsKey(k)) {
                InputArchive ps = new InputArchive();
                state.read(k, ps);
                IValue st = new IValue();
                ps.read("step", st);
                Tensor m = new Tensor();
                ps.read("exp_avg", m);
                Tensor v = new Tensor();
                ps.read("exp_avg_sq", v);
                if (m.numel() != numels[i]) {
                    throw new IOException("optimiser state of parameter " + i + " has " + m.numel()
                            + " values, the model's parameter " + numels[i]);
                }
                expAvg.narrow(0, offset, numels[i]).copy_(m.reshape(-1));
                expAvgSq.narrow(0, offset, numels[i]).copy_(v.reshape(-1));
                long s = st.toInt();
                if (loadedStep >= 0 && s != loadedStep) {
                    throw new IOException("parameters were updated different numbers of times (" + loadedStep
                            + " and " + s + "): not a state this optimiser can continue");
                }
                loadedStep = s;
            } else {
                expAvg.narrow(0, offset, numels[i]).zero_();
                expAvgSq.narrow(0, offset, numels[i]).zero_();
            }
            offset += numels[i];
        }
        step = Math.max(0, loadedStep);
    }

    private static long[] longs(Tensor t) {
        Tensor c = t.to(torch.ScalarType.Long).contiguous();
        long[] out = new long[(int) c.numel()];
        c.data_ptr_long().get(out);
        return out;
    }

    void close() {
        if (fused != null) {
            fused.close();
        }
        for (Tensor t : List.of(flat, grads, expAvg, expAvgSq, stepNumber)) {
            t.close();
        }
        if (denom != null) {
            denom.close();
        }
        params.forEach(Tensor::close);
    }
}
