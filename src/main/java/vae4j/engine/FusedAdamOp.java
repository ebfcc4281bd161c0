package vae4j.engine;

import org.bytedeco.pytorch.Dispatcher;
import org.bytedeco.pytorch.GenericList;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.OperatorHandle;
import org.bytedeco.pytorch.OperatorName;
import org.bytedeco.pytorch.OperatorHandleOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorType;
import org.bytedeco.pytorch.Type;

/**
 * libtorch's fused Adam kernel ({@code aten::_fused_adam_}, what PyTorch's {@code Adam(fused=True)} runs): one
 * vectorised, threaded pass that reads each parameter, gradient and both moments once and writes parameter and
 * moments, where separate in-place operations make 5 to 7 passes over memory. The JavaCPP binding has no function for
 * it, so it is called through libtorch's operator dispatcher with a boxed argument stack, as TorchScript does.
 *
 * <p>The arithmetic is {@code torch::optim::Adam}'s (no weight decay, no amsgrad): {@code m = lerp(m, g, 1 - beta1)},
 * {@code v = beta2 v + (1 - beta2) g^2}, {@code p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)},
 * the bias corrections in float64 from the step count the kernel reads from a float32 tensor {@code [1]}.
 */
final class FusedAdamOp {
    private static final OperatorHandle OP = find();
    private final IValue params;
    private final IValue grads;
    private final IValue expAvg;
    private final IValue expAvgSq;
    private final IValue noTensors;
    private final IValue steps;

    /**
     * @param params   the parameters, {@code [n]} float32, updated in place
     * @param grads    their gradients {@code [n]}
     * @param expAvg   first moments {@code [n]}, updated in place
     * @param expAvgSq second moments {@code [n]}, updated in place
     * @param step     {@code [1]} float32 on the parameters' device: the step number t, set before each call
     */
    FusedAdamOp(Tensor params, Tensor grads, Tensor expAvg, Tensor expAvgSq, Tensor step) {
        if (OP == null) {
            throw new IllegalStateException("this libtorch has no aten::_fused_adam_");
        }
        this.params = list(params);
        this.grads = list(grads);
        this.expAvg = list(expAvg);
        this.expAvgSq = list(expAvgSq);
        this.noTensors = list();
        this.steps = list(step);
    }

    /** True when the loaded libtorch registers the operator (any libtorch since 2.4). */
    static boolean available() {
        return OP != null;
    }

    private static OperatorHandle find() {
        Engine.init();
        try (OperatorName name = new OperatorName("aten::_fused_adam_", "")) {
            OperatorHandleOptional op = Dispatcher.singleton().findSchema(name);
            // kept: a static handle must outlive any PointerScope open when this class is first used
            return op.has_value() ? Tensors.keep(new OperatorHandle(op.get())) : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static IValue list(Tensor... tensors) {
        GenericList l = new GenericList(new Type.TypePtr(TensorType.get()));
        for (Tensor t : tensors) {
            l.push_back(new IValue(t));
        }
        return Tensors.keep(new IValue(l));
    }

    /** One update with learning rate {@code lr}; the step tensor must already hold this update's step number. */
    void step(double lr, double beta1, double beta2, double eps) {
        // _fused_adam_(Tensor[] self, grads, exp_avgs, exp_avg_sqs, max_exp_avg_sqs, state_steps, *, float lr,
        //   float beta1, float beta2, float weight_decay, float eps, bool amsgrad, bool maximize,
        //   Tensor? grad_scale, Tensor? found_inf) -> ()
        try (IValueVector stack = new IValueVector(params, grads, expAvg, expAvgSq, noTensors, steps, new IValue(lr),
                new IValue(beta1), new IValue(beta2), new IValue(0.0), new IValue(eps), new IValue(false),
                new IValue(false), new IValue(), new IValue())) {
            OP.callBoxed(stack);
        }
    }

    void close() {
        for (IValue v : new IValue[] {params, grads, expAvg, expAvgSq, noTensors, steps}) {
            v.close();
        }
    }
}
