package vae4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Random;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import vae4j.data.DataSplits;
import vae4j.engine.Devices;
import vae4j.engine.NoGrad;
import vae4j.engine.Tensors;
import vae4j.eval.LatentCodes;
import vae4j.loader.Batches;
import vae4j.model.Vae;
import vae4j.testing.TestData;

/**
 * Conditional generation checked, not eyeballed: a conditional VAE with latent size 2 (keras-mlp's 784-512-2) is
 * trained on Fashion-MNIST, 100 samples are drawn from the prior for each class, and a 1-nearest-neighbour classifier
 * over all 60,000 real training images (Euclidean distance in pixel space) labels them. At least 8 of the 10 classes
 * must have most of their samples labelled as that class. Minutes long: tagged {@code slow}; run with
 * {@code mvn test -Dgroups=slow -Dtest.excludedGroups= -Dtest=ConditionalFashionTest [-Dcvae.epochs=N]}.
 */
@Tag("slow")
@Tag("real-data")
class ConditionalFashionTest {
    @Test
    void mostSamplesOfEachClassAreNearestToThatClass() throws IOException {
        DataSplits d = TestData.fashionMnist();
        int epochs = Integer.getInteger("cvae.epochs", 10);
        TrainConfig t = Preset.KERAS_MLP.training().withEpochs(epochs);
        Vae vae = Vae.create(Preset.KERAS_MLP.model(1, 28, 28).withClasses(10), t.seed());
        new Trainer(vae, t, Devices.cpu()).fit(d.train(), d.test(), new TrainingListener() {
            @Override
            public void onEpoch(EpochMetrics m) {
                System.out.printf("cvae epoch %d: test -ELBO %.2f%n", m.epoch(), m.testLoss());
            }
        });
        int perClass = 100;
        int n = d.train().size();
        int[] trainLabels = d.train().labels();
        int good = 0;
        StringBuilder report = new StringBuilder();
        try (PointerScope s = new PointerScope(); NoGrad g = NoGrad.enter()) {
            Tensor real = Batches.range(d.train(), 0, n, Devices.cpu()).reshape(n, 784);
            Tensor realSq = real.square().sum(1);                                  // [n]
            Random rnd = new Random(11);
            for (int c = 0; c < 10; c++) {
                float[] z = new float[perClass * 2];
                for (int i = 0; i < z.length; i++) {
                    z[i] = (float) rnd.nextGaussian();
                }
                int[] labels = new int[perClass];
                java.util.Arrays.fill(labels, c);
                Tensor samples = Tensors.floats(LatentCodes.decode(vae, z, perClass, labels), perClass, 784);
                // |s - r|^2 = |s|^2 - 2 s.r + |r|^2; |s|^2 is the same for every r, so it does not change the argmin
                Tensor dist = realSq.unsqueeze(0).sub(samples.matmul(real.t()).mul(Tensors.scalar(2)));
                long[] nearest = new long[perClass];
                dist.argmin(new org.bytedeco.pytorch.LongOptional(1), false).contiguous().data_ptr_long()
                        .get(nearest);
                int right = 0;
                for (long j : nearest) {
                    right += trainLabels[(int) j] == c ? 1 : 0;
                }
                good += right > perClass / 2 ? 1 : 0;
                report.append(String.format(" %s %d%%", d.train().classNames().isEmpty() ? Integer.toString(c)
                        : d.train().classNames().get(c), right * 100 / perClass));
            }
        }
        System.out.printf("CVAE Fashion-MNIST, latent 2, %d epochs: samples labelled as their class by 1-NN over the"
                + " 60,000 training images:%s; classes with a majority: %d of 10%n", epochs, report, good);
        assertThat(good).isGreaterThanOrEqualTo(8);
    }
}
