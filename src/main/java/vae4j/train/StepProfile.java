package vae4j.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.bytedeco.pytorch.Tensor;
import vae4j.Vae4j;
import vae4j.data.DataSplits;
import vae4j.data.Dataset;
import vae4j.engine.Autocast;
import vae4j.engine.Engine;
import vae4j.engine.Optimizers;
import vae4j.engine.Rng;
import vae4j.engine.Scope;
import vae4j.engine.Tensors;
import vae4j.loader.BatchLoader;
import vae4j.loader.Batches;
import vae4j.model.Gaussians;
import vae4j.model.Vae;

/**
 * Where the time of one training step goes: the same calls as {@link Trainer}'s loop for a preset, split into phases
 * timed with {@link System#nanoTime()} (CPU work in libtorch is synchronous, so a phase's time is its work). The binding
 * exposes no switch for libtorch's own profiler, so this is the Java-side view; {@code bench/torch_vae.py --profile}
 * gives the op-level split of the identical PyTorch model.
 *
 * <pre>java -cp ... vae4j.train.StepProfile PRESET [STEPS] [DATA_DIR]</pre>
 *
 * (see {@code bench/profile-step.sh}). Prints one line per phase: median and mean milliseconds per step and share,
 * and the training thread's CPU time per step. {@code -Dvae4j.precision=bf16} runs the forward pass under bf16
 * autocast as {@code train --precision bf16} does; {@code -Dvae4j.flatAdam=false} uses libtorch's stock Adam.
 */
public final class StepProfile {
    private static final String[] PHASES = {"gather (read rows + tensor)", "zero_grad", "encoder forward",
        "sample z", "decoder forward", "loss (BCE + KL)", "item() x3", "backward", "optimiser step",
        "scope close (free)"};

    private static final boolean BF16 = "bf16".equals(System.getProperty("vae4j.precision"));

    private StepProfile() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: StepProfile PRESET [STEPS] [DATA_DIR]");
            System.exit(2);
        }
        Preset preset = Preset.parse(args[0]);
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        Path dir = Path.of(args.length > 2 ? args[2] : "/usr/share/datasets/fashion-mnist");
        Engine.EngineInfo info = Engine.init();
        DataSplits data = Vae4j.dataset(dir);
        Dataset train = data.train();
        Vae model = Vae.create(preset.model(train.spec()), 1);
        TrainConfig config = preset.training();
        Engine.preferBlasThreadsFor(model.config().architecture().denseOnly());
        System.out.println("engine: " + info + "; OpenBLAS threads now " + Engine.blasThreads());
        long[][] times = new long[PHASES.length][];
        long cpuStart = 0;
        long cpuEnd;
        double cpuPerStep = 0;
        int warm = Math.max(20, steps / 5);
        for (int p = 0; p < PHASES.length; p++) {
            times[p] = new long[steps];
        }
        try (Optimizers opt = config.optimizer().create(model, config.learningRate())) {
            int[] order = Trainer.permutation(train.size(), new Random(1));
            int batch = config.batchSize();
            int perPass = BatchLoader.batchCount(train.size(), batch) - 1;   // full batches only
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            for (int s = -warm; s < steps; s++) {
                if (s == 0) {
                    cpuStart = mx.getCurrentThreadCpuTime();
                }
                int b = Math.floorMod(s + warm, perPass);
                long[] t = new long[PHASES.length + 1];
                int i = 0;
                t[i++] = System.nanoTime();
                Scope scope = Scope.open();
                Rng rng = Rng.seeded(s + 1_000_000L);
                float[] values = new float[batch * train.spec().features()];
                train.read(Arrays.copyOfRange(order, b * batch, (b + 1) * batch), values);
                Tensor x = Batches.tensor(train.spec(), values, batch, null);
                t[i++] = System.nanoTime();
                opt.zeroGrad();
                t[i++] = System.nanoTime();
                Autocast ac = Autocast.bf16(BF16);
                Vae.Encoding q = model.encode(x);
                t[i++] = System.nanoTime();
                Tensor z = Gaussians.sample(q.mean(), q.logVar(), rng);
                t[i++] = System.nanoTime();
                Tensor params = model.decodeParams(z);
                ac.close();
                t[i++] = System.nanoTime();
                double n = x.size(0);
                Tensor recon = model.config().likelihood().negLogLikelihoodSum(params, x).div(Tensors.scalar(n));
                Tensor kl = Gaussians.klToStandardNormal(q.mean(), q.logVar()).sum().div(Tensors.scalar(n));
                Tensor total = recon.add(kl);
                t[i++] = System.nanoTime();
                double sum = recon.item_double() + kl.item_double() + total.item_double();
                t[i++] = System.nanoTime();
                total.backward();
                t[i++] = System.nanoTime();
                opt.step();
                t[i++] = System.nanoTime();
                rng.close();
                scope.close();
                t[i] = System.nanoTime();
                if (!Double.isFinite(sum)) {
                    throw new IllegalStateException("loss became " + sum);
                }
                if (s == steps - 1) {
                    cpuEnd = mx.getCurrentThreadCpuTime();
                    cpuPerStep = (cpuEnd - cpuStart) / 1e6 / steps;
                }
                if (s >= 0) {
                    for (int p = 0; p < PHASES.length; p++) {
                        times[p][s] = t[p + 1] - t[p];
                    }
                }
            }
        }
        double totalMean = 0;
        for (long[] p : times) {
            totalMean += Arrays.stream(p).average().orElse(0);
        }
        System.out.printf(Locale.ROOT, "%s: %d steps of batch %d after %d warm-up steps; %.3f ms per step"
                + " (%,.0f images/s); this thread's CPU time %.3f ms per step%n", preset.id(), steps,
                config.batchSize(), warm, totalMean / 1e6, config.batchSize() / (totalMean / 1e9), cpuPerStep);
        System.out.println("| phase | median ms | mean ms | share of mean |");
        System.out.println("|---|---|---|---|");
        for (int p = 0; p < PHASES.length; p++) {
            long[] sorted = times[p].clone();
            Arrays.sort(sorted);
            double mean = Arrays.stream(times[p]).average().orElse(0);
            System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.1f %% |%n", PHASES[p], sorted[steps / 2] / 1e6,
                    mean / 1e6, 100 * mean / totalMean);
        }
    }
}
