package vae4j.engine;

import java.util.List;
import java.util.Locale;
import org.bytedeco.pytorch.Tensor;
import vae4j.data.ImageDataset;
import vae4j.model.Vae;
import vae4j.testing.TestData;
import vae4j.train.EpochMetrics;
import vae4j.train.Preset;
import vae4j.train.TrainConfig;
import vae4j.train.Trainer;
import vae4j.train.TrainingListener;

/**
 * Run in child JVMs by {@link SharedPoolTest}: loads the engine as set by {@code VAE4J_BLAS}, checks a matrix product
 * big enough for OpenBLAS to split over threads against a double-precision product computed here, then trains a small
 * MLP VAE on synthetic bars and prints its test -ELBO after each epoch. With the argument {@code workers} it prints
 * instead what {@link Engine#perCoreInferenceWorkers()} sets up.
 */
public final class SharedPoolMain {
    private SharedPoolMain() {
    }

    /**
     * Starts a Java thread named {@code name} whose first libtorch call is a matrix product (in an {@link Inference}
     * region when {@code adopt}), and counts the threads
     * of this process with that name once it is done: the thread itself plus any OpenMP threads it started (Linux
     * names a new thread after the one that created it).
     */
    static long productThreads(String name, boolean adopt) throws Exception {
        long[] count = {-1};
        Tensor a = Tensors.keep(org.bytedeco.pytorch.global.torch.ones(512, 512)); // made here: its fill is parallel
        Thread t = new Thread(() -> {
            try (Scope s = Scope.open()) {
                if (adopt) {
                    try (Inference region = Inference.enter()) { // as every inference worker starts
                        a.matmul(a);
                    }
                } else {
                    a.matmul(a);
                }
            }
            try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
                count[0] = tasks.filter(task -> {
                    try {
                        return java.nio.file.Files.readString(task.resolve("comm")).strip().equals(name);
                    } catch (java.io.IOException e) {
                        return false; // a thread that ended meanwhile
                    }
                }).count();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, name);
        t.start();
        t.join();
        a.close();
        return count[0];
    }

    public static void main(String[] args) throws Exception {
        Engine.EngineInfo info = Engine.init();
        System.out.println("INFO " + info);
        if (args.length > 0 && args[0].equals("workers")) {
            // what `vae4j score` sets up: workers, then libtorch's and OpenBLAS's threads in each
            int workers = Engine.perCoreInferenceWorkers();
            System.out.println("WORKERS " + workers + " " + org.bytedeco.pytorch.global.torch.get_num_threads() + " "
                    + Engine.blasThreads() + " of " + info.threads());
            // OpenMP threads a worker's first matrix product starts, outside and inside an inference region
            System.out.println("PROBE " + productThreads("vae4j-probe-a", false) + " "
                    + productThreads("vae4j-probe-b", true));
            return;
        }
        int m = 256;
        int k = 300;
        int n = 200;
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) Math.sin(0.37 * i);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) Math.cos(0.11 * i);
        }
        double maxErr = 0;
        try (Scope s = Scope.open()) {
            Tensor c = Tensors.floats(a, m, k).matmul(Tensors.floats(b, k, n));
            float[] got = Tensors.toFloats(c);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double want = 0;
                    for (int t = 0; t < k; t++) {
                        want += (double) a[i * k + t] * b[t * n + j];
                    }
                    maxErr = Math.max(maxErr, Math.abs(want - got[i * n + j]));
                }
            }
        }
        System.out.printf(Locale.ROOT, "MAXERR %.3e%n", maxErr);
        ImageDataset train = TestData.bars(1000, 3);
        ImageDataset test = TestData.bars(200, 4);
        TrainConfig t = Preset.PYTORCH_MLP.training().withEpochs(4).withBatchSize(50).withLearningRate(3e-3);
        Vae vae = Vae.create(Preset.PYTORCH_MLP.model(train.spec()).withHidden(List.of(64)).withLatentDim(2), t.seed());
        List<EpochMetrics> h = new Trainer(vae, t, Devices.cpu()).fit(train, test, new TrainingListener() { });
        for (EpochMetrics e : h) {
            System.out.printf(Locale.ROOT, "EPOCH %.6f%n", e.testLoss());
        }
    }
}
