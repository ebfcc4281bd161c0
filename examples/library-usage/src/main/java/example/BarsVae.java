package example;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import vae4j.Vae4j;
import vae4j.data.DataSplits;
import vae4j.data.ImageDataset;
import vae4j.eval.LatentCodes;
import vae4j.store.SavedModel;
import vae4j.train.EpochMetrics;
import vae4j.train.Preset;

/**
 * Trains a small VAE on 8x8 pictures of one bright bar (a row or a column), saves it, loads it back, encodes the
 * test pictures and decodes their codes. No download: the pictures are made here.
 */
public final class BarsVae {
    /** n grey 8x8 pictures, each with one full row or column lit; label 0 = row, 1 = column. */
    static ImageDataset bars(int n, long seed) {
        Random r = new Random(seed);
        byte[] pixels = new byte[n * 64];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            boolean row = r.nextBoolean();
            int at = r.nextInt(8);
            labels[i] = row ? 0 : 1;
            for (int k = 0; k < 8; k++) {
                pixels[i * 64 + (row ? at * 8 + k : k * 8 + at)] = (byte) 255;
            }
        }
        return new ImageDataset("bars", 1, 8, 8, pixels, labels, List.of("row", "column"));
    }

    public static void main(String[] args) throws Exception {
        DataSplits data = new DataSplits("bars", bars(2000, 1), bars(300, 2), "made by BarsVae");
        SavedModel model = Vae4j.train(Preset.PYTORCH_MLP, data, t -> t.withEpochs(5).withBatchSize(50));
        for (EpochMetrics m : model.history()) {
            System.out.printf("epoch %d: test -ELBO %.2f nats%n", m.epoch(), m.testLoss());
        }

        Path folder = Files.createTempDirectory("bars-vae");
        Vae4j.save(model, folder.resolve("model"));
        SavedModel loaded = Vae4j.load(folder.resolve("model"));

        LatentCodes z = LatentCodes.encode(loaded.model(), data.test());          // z.mean(): [300, 20]
        float[] decoded = LatentCodes.decode(loaded.model(), z.mean(), z.size());  // [300, 1, 8, 8] in [0, 1]
        System.out.printf("encoded %d pictures into %d latent dimensions; decoded %d pixel values%n",
                z.size(), z.latentDim(), decoded.length);

        double first = model.history().get(0).testLoss();
        double last = model.history().get(model.history().size() - 1).testLoss();
        // a model that ignores the pictures pays 64 * H(1/8) = 24.2 nats; the 16 bars themselves cost log 16 = 2.8
        if (!(last < 20) || decoded.length != 300 * 64) {
            System.err.println("the model did not learn: test -ELBO " + first + " -> " + last);
            System.exit(1);
        }
    }
}
