package vae4j.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.StringTensorDict;
import org.bytedeco.pytorch.StringTensorDictItem;
import org.bytedeco.pytorch.Tensor;

/** A module's named parameters as plain Java values, and back: what model files store. */
public final class Parameters {
    private Parameters() {
    }

    /** One parameter: its shape and its float32 values, row-major. */
    public record Values(long[] shape, float[] values) {
    }

    /** Every parameter of {@code module} by its dotted name, in registration order (copied to the CPU). */
    public static Map<String, Values> read(Module module) {
        Map<String, Values> out = new LinkedHashMap<>();
        try (PointerScope scope = new PointerScope()) {
            StringTensorDict params = module.named_parameters();
            for (long i = 0; i < params.size(); i++) {
                StringTensorDictItem item = params.get(i);
                Tensor t = item.value();
                out.put(item.key().getString(), new Values(Tensors.shape(t), Tensors.toFloats(t)));
            }
        }
        return out;
    }

    /** The shape of every parameter of {@code module} by name, in registration order. */
    public static Map<String, long[]> shapes(Module module) {
        Map<String, long[]> out = new LinkedHashMap<>();
        try (PointerScope scope = new PointerScope()) {
            StringTensorDict params = module.named_parameters();
            for (long i = 0; i < params.size(); i++) {
                StringTensorDictItem item = params.get(i);
                out.put(item.key().getString(), Tensors.shape(item.value()));
            }
        }
        return out;
    }

    /**
     * Overwrites the parameters of {@code module} with {@code values} (without autograd). The caller checks names and
     * shapes first ({@link #shapes}); a parameter missing from {@code values} is left as it is.
     */
    public static void write(Module module, Map<String, Values> values) {
        try (PointerScope scope = new PointerScope(); NoGradGuard guard = new NoGradGuard()) {
            StringTensorDict params = module.named_parameters();
            for (long i = 0; i < params.size(); i++) {
                StringTensorDictItem item = params.get(i);
                Values v = values.get(item.key().getString());
                if (v != null) {
                    item.value().copy_(Tensors.floats(v.values(), v.shape()));
                }
            }
        }
    }
}
