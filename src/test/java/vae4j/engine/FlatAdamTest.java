package vae4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flat Adam against libtorch's stock {@code torch::optim::Adam} (the independent answer): the same model, the same
 * gradients, several steps; and its state files, its own and the stock ones that earlier versions wrote.
 */
class FlatAdamTest {
    @TempDir
    Path tmp;

    private static final java.util.Map<Module, LinearImpl[]> LAYERS = new java.util.IdentityHashMap<>();

    /** 12 -> 7 (relu) -> 5 (relu) -> 3: six parameters of different shapes. */
    private static Module net(long seed) {
        Engine.init();
        torch.manual_seed(seed);
        Module m = new Module();
        LAYERS.put(m, new LinearImpl[] {m.register_module("a", new LinearImpl(12, 7)),
            m.register_module("b", new LinearImpl(7, 5)), m.register_module("c", new LinearImpl(5, 3))});
        return m;
    }

    /** A loss whose gradient reaches every parameter: sum((c(relu(b(relu(a(x)))))) - t)^2), inputs from a seed. */
    private static void backward(Module m, int step) {
        try (Scope s = Scope.open(); Rng rng = Rng.seeded(1000 + step)) {
            Tensor x = rng.normal(16, 12);
            Tensor t = rng.normal(16, 3);
            LinearImpl[] l = LAYERS.get(m);
            Tensor h = l[2].forward(l[1].forward(l[0].forward(x).relu()).relu());
            h.sub(t).square().sum().backward();
        }
    }

    private static Map<String, Parameters.Values> params(Module m) {
        return Parameters.read(m);
    }

    private static double maxDiff(Module a, Module b) {
        double max = 0;
        Map<String, Parameters.Values> pa = params(a);
        Map<String, Parameters.Values> pb = params(b);
        for (String k : pa.keySet()) {
            float[] x = pa.get(k).values();
            float[] y = pb.get(k).values();
            for (int i = 0; i < x.length; i++) {
                max = Math.max(max, Math.abs(x[i] - y[i]));
            }
        }
        return max;
    }

    private static void train(Module m, Optimizers o, int from, int steps) {
        for (int s = from; s < from + steps; s++) {
            o.zeroGrad();
            backward(m, s);
            o.step();
        }
    }

    @Test
    void theFusedKernelIsWhatItRunsByDefault() {
        assertThat(FusedAdamOp.available()).isTrue();
        assertThat(FlatAdam.Update.byDefault()).isEqualTo(FlatAdam.Update.FUSED);
    }

    @ParameterizedTest
    @EnumSource(FlatAdam.Update.class)
    void equalsTheStockStepOverManySteps(FlatAdam.Update update) {
        for (double eps : new double[] {1e-8, 1e-4}) {
            Module a = net(7);
            Module b = net(7);
            assertThat(maxDiff(a, b)).isZero();
            try (Optimizers stock = Optimizers.adam(a, 1e-2, eps, false);
                 Optimizers flat = Optimizers.adam(b, 1e-2, eps, update)) {
                train(a, stock, 0, 30);
                train(b, flat, 0, 30);
                stock.setLearningRate(3e-3);
                flat.setLearningRate(3e-3);
                train(a, stock, 30, 10);
                train(b, flat, 30, 10);
            }
            Module c = net(7);
            // the weights moved (40 steps of lr 1e-2 / 3e-3), and both optimisers moved them the same way
            assertThat(maxDiff(a, c)).isGreaterThan(0.05);
            assertThat(maxDiff(a, b)).as("%s, eps %s", update, eps).isLessThanOrEqualTo(1e-6);
        }
    }

    /** Small native allocations of the sizes just freed (vectors of tensor handles), so freed memory gets reused. */
    private static void reuseFreedMemory() {
        for (int i = 0; i < 2000; i++) {
            org.bytedeco.pytorch.TensorVector v = new org.bytedeco.pytorch.TensorVector();
            for (int j = 0; j < 6; j++) {
                v.push_back(torch.zeros(new long[] {1 + j}));
            }
        }
    }

    @Test
    void anOptimiserMadeInsideAPointerScopeStillStepsAfterTheScopeCloses() {
        // JavaCPP attaches what is created while a scope is open to that scope; the optimiser's handles (parameters,
        // libtorch's optimiser, the fused kernel's operator) must be its own, or its next step reads freed memory
        for (FlatAdam.Update update : FlatAdam.Update.values()) {
            stepsLikeAnotherAfterItsScope(update.toString(), m -> Optimizers.adam(m, 1e-2, 1e-8, update),
                    m -> Optimizers.adam(m, 1e-2, 1e-8, false));
        }
        stepsLikeAnotherAfterItsScope("stock", m -> Optimizers.adam(m, 1e-2, 1e-8, false),
                m -> Optimizers.adam(m, 1e-2, 1e-8, true));
    }

    private static void stepsLikeAnotherAfterItsScope(String what, java.util.function.Function<Module, Optimizers> make,
                                                      java.util.function.Function<Module, Optimizers> reference) {
        Module a = net(5);
        Module b = net(5);
        Optimizers inScope;
        try (org.bytedeco.javacpp.PointerScope scope = new org.bytedeco.javacpp.PointerScope()) {
            inScope = make.apply(a);
        }
        try (Optimizers other = reference.apply(b); Scope reuse = Scope.open()) {
            System.gc();
            reuseFreedMemory();
            train(a, inScope, 0, 6);
            train(b, other, 0, 6);
        }
        inScope.close();
        assertThat(maxDiff(a, b)).as(what).isLessThanOrEqualTo(1e-6);
    }

    @Test
    void resumesFromItsOwnStateAndFromTheStockFormatOfEarlierVersions() throws IOException {
        Module reference = net(3);
        try (Optimizers o = Optimizers.adam(reference, 1e-2, 1e-8, false)) {
            train(reference, o, 0, 12);
        }
        for (boolean stockFile : new boolean[] {true, false}) {
            Module first = net(3);
            Path file = tmp.resolve(stockFile ? "stock.pt" : "flat.pt");
            try (Optimizers o = Optimizers.adam(first, 1e-2, 1e-8, !stockFile)) {
                train(first, o, 0, 5);
                o.save(file);
            }
            Module resumed = net(99);
            Parameters.write(resumed, Parameters.read(first));
            try (Optimizers o = Optimizers.adam(resumed, 1e-2, 1e-8, true)) {
                o.load(file);
                train(resumed, o, 5, 7);
            }
            assertThat(maxDiff(reference, resumed)).as("from a %s file", stockFile ? "stock" : "flat")
                    .isLessThanOrEqualTo(1e-6);
        }
    }

    @Test
    void refusesTheStateOfAnotherModel() throws IOException {
        Path file = tmp.resolve("flat.pt");
        try (Optimizers o = Optimizers.adam(net(1), 1e-2, 1e-8, true)) {
            o.save(file);
        }
        Module other = new Module();
        other.register_module("a", new LinearImpl(12, 8));
        try (Optimizers o = Optimizers.adam(other, 1e-2, 1e-8, true)) {
            assertThatThrownBy(() -> o.load(file)).isInstanceOf(IOException.class).hasMessageContaining("sizes");
        }
    }
}
