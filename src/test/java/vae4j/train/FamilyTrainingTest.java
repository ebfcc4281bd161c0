package vae4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vae4j.data.ImageDataset;
import vae4j.engine.Devices;
import vae4j.eval.LatentCodes;
import vae4j.model.Architecture;
import vae4j.model.Init;
import vae4j.model.ModelConfig;
import vae4j.model.Vae;
import vae4j.store.DatasetInfo;
import vae4j.store.ModelDirectory;
import vae4j.store.SavedModel;

/**
 * The VAE family trained on data made here: a conditional VAE draws the class it is asked for, and a run with the new
 * settings (IWAE, dynamic binarisation, conditioning, a KL schedule) stopped, saved and resumed ends with the same
 * weights as the run left alone, its settings read back from config.json.
 */
public class FamilyTrainingTest {
    @TempDir
    Path tmp;

    /** Three classes of 8x8 pictures: top half bright, left half bright, a centred square. */
    public static boolean template(int c, int row, int col) {
        return switch (c) {
            case 0 -> row < 4;
            case 1 -> col < 4;
            default -> row >= 2 && row < 6 && col >= 2 && col < 6;
        };
    }

    public static ImageDataset shapes(String name, int n, long seed) {
        Random r = new Random(seed);
        byte[] px = new byte[n * 64];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(3);
            labels[i] = c;
            double level = 0.6 + 0.4 * r.nextDouble();
            for (int p = 0; p < 64; p++) {
                double v = template(c, p / 8, p % 8) ? level : 0.15 * r.nextDouble();
                px[i * 64 + p] = (byte) Math.round(255 * v);
            }
        }
        return new ImageDataset(name, 1, 8, 8, px, labels, List.of("top", "left", "square"));
    }

    /** The class whose template is nearest (pixel L2) to the picture at {@code off}. */
    public static int nearestTemplate(float[] pics, int off) {
        int best = -1;
        double bestD = Double.POSITIVE_INFINITY;
        for (int c = 0; c < 3; c++) {
            double d = 0;
            for (int p = 0; p < 64; p++) {
                double t = template(c, p / 8, p % 8) ? 0.8 : 0.07;
                d += (pics[off + p] - t) * (pics[off + p] - t);
            }
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best;
    }

    public static ModelConfig conditional() {
        return ModelConfig.of(Architecture.MLP, new vae4j.data.ImageSpec(1, 8, 8), List.of(64), 2, Init.PYTORCH)
                .withClasses(3);
    }

    @Test
    void aConditionalVaeDrawsTheRequestedClass() throws IOException {
        ImageDataset train = shapes("shapes/train", 1500, 1);
        ImageDataset test = shapes("shapes/test", 300, 2);
        TrainConfig t = new TrainConfig(OptimizerKind.ADAM, 3e-3, 50, 15, 4, 0);
        Vae vae = Vae.create(conditional(), t.seed());
        new Trainer(vae, t, Devices.cpu()).fit(train, test, new TrainingListener() { });
        Random rnd = new Random(7);
        int n = 200;
        for (int c = 0; c < 3; c++) {
            float[] z = new float[n * 2];
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) rnd.nextGaussian();
            }
            int[] labels = new int[n];
            java.util.Arrays.fill(labels, c);
            float[] pics = LatentCodes.decode(vae, z, n, labels);
            int right = 0;
            for (int i = 0; i < n; i++) {
                right += nearestTemplate(pics, i * 64) == c ? 1 : 0;
            }
            System.out.printf("CVAE: %d of %d samples drawn for class %d look like class %d%n", right, n, c, c);
            assertThat(right).as("class %d", c).isGreaterThanOrEqualTo(n * 9 / 10);
        }
        // the same model refuses to decode without a label, or with one outside its classes
        assertThatThrownBy(() -> LatentCodes.decode(vae, new float[2], 1)).hasMessageContaining("conditional");
        assertThatThrownBy(() -> LatentCodes.decode(vae, new float[2], 1, new int[] {3}))
                .hasMessageContaining("outside");
    }

    @Test
    void aShapedRunResumesExactlyWithItsSettingsFromConfigJson() throws IOException {
        ImageDataset train = shapes("shapes/train", 300, 3);
        ImageDataset test = shapes("shapes/test", 60, 4);
        TrainConfig iwae = new TrainConfig(OptimizerKind.ADAM, 1e-3, 32, 3, 9, 0)
                .withObjective(new ObjectiveSpec("iwae", 1, 0, 0, 0, 4)).withBinarize(true)
                .withSchedule(LearningRateSchedule.iwae(0.001)); // one epoch per stage: a new rate every epoch
        TrainConfig cycled = iwae.withObjective(new ObjectiveSpec("elbo", 2, 0, 2, 0.1, 1));
        for (TrainConfig t : List.of(iwae, cycled)) {
            Vae straight = Vae.create(conditional(), t.seed());
            Trainer a = new Trainer(straight, t, Devices.cpu());
            a.fit(train, test, new TrainingListener() { });

            Vae first = Vae.create(conditional(), t.seed());
            Trainer b = new Trainer(first, t, Devices.cpu());
            b.fit(train, test, new TrainingListener() {
                @Override
                public void onBatch(int epoch, int batch, double loss) {
                    if (epoch == 2 && batch == 4) {
                        b.requestStop();
                    }
                }
            });
            Path dir = tmp.resolve(t.objective().kind());
            ModelDirectory.save(dir, new SavedModel(first, t, new DatasetInfo("s", "x", 300, 60, "t"), b.history(),
                    b.progress()), folder -> b.saveOptimizerState(folder.resolve("optimizer.pt")));
            SavedModel saved = ModelDirectory.load(dir);
            assertThat(saved.training()).isEqualTo(t);
            assertThat(saved.model().config()).isEqualTo(conditional());
            assertThat(saved.progress()).isEqualTo(b.progress());
            Trainer c = new Trainer(saved.model(), saved.training(), Devices.cpu());
            c.loadOptimizerState(dir.resolve("optimizer.pt"));
            c.restore(saved.history(), saved.progress());
            List<EpochMetrics> h = c.fit(train, test, new TrainingListener() { });

            float[] w1 = weights(straight);
            float[] w2 = weights(saved.model());
            assertThat(w2).containsExactly(w1);
            assertThat(h.get(2).testLoss()).isEqualTo(a.history().get(2).testLoss());
            assertThat(h.get(1).trainObjective()).isEqualTo(a.history().get(1).trainObjective());
            // the optimised objective is recorded beside the true -ELBO, and differs from it here
            assertThat(h.get(2).trainObjective()).isNotEqualTo(h.get(2).trainLoss());
        }
    }

    @Test
    void aConfigWrittenBeforeTheFamilyReadsAsThePlainElbo() throws IOException {
        TrainConfig t = new TrainConfig(OptimizerKind.ADAM, 1e-3, 32, 3, 9, 0);
        Vae vae = Vae.create(ModelConfig.of(Architecture.MLP, new vae4j.data.ImageSpec(1, 8, 8), List.of(16), 2,
                Init.PYTORCH), 1);
        Path dir = tmp.resolve("old");
        ModelDirectory.save(dir, new SavedModel(vae, t, new DatasetInfo("s", "x", 300, 60, "t"), List.of()),
                folder -> { });
        Path config = dir.resolve("config.json").toRealPath();
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var root = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(config.toFile());
        assertThat(root.get("model").has("classes")).isFalse();
        var training = (com.fasterxml.jackson.databind.node.ObjectNode) root.get("training");
        assertThat(training.get("objective").asText()).isEqualTo("elbo");
        // the fields as they were before objectives, binarisation and schedules existed
        training.remove(List.of("objective", "beta", "kl_warmup", "kl_cycles", "free_bits", "k", "binarize",
                "lr_schedule", "passes_scale"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("progress")).remove("objective_sum");
        java.nio.file.Files.delete(config);
        mapper.writeValue(config.toFile(), root);
        SavedModel loaded = ModelDirectory.load(dir);
        assertThat(loaded.training()).isEqualTo(t);
        assertThat(loaded.training().objective()).isEqualTo(ObjectiveSpec.PLAIN);
        assertThat(loaded.model().config().conditional()).isFalse();
    }

    private static float[] weights(Vae vae) {
        var params = vae.module().parameters();
        int total = 0;
        List<float[]> parts = new java.util.ArrayList<>();
        for (long i = 0; i < params.size(); i++) {
            float[] p = vae4j.engine.Tensors.toFloats(params.get(i).detach());
            parts.add(p);
            total += p.length;
        }
        float[] all = new float[total];
        int off = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, off, p.length);
            off += p.length;
        }
        return all;
    }
}
