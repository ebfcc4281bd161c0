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

    public static void main(String[] args) throws Exception {
        Engine.EngineInfo info = Engine.init();
        System.out.println("INFO " + info);
        if (args.length > 0 && args[0].equals("workers")) {
            // what `vae4j score` sets up: workers, then libtorch's and OpenBLAS's threads in each
            int workers = Engine.perCoreInferenceWorkers();
            System.out.println("WORKERS " + workers + " " + org.bytedeco.pytorch.global.torch.get_num_threads() + " "
                    + Engine.blasThreads() + " of " + info.threads());
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
