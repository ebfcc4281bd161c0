package vae4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vae4j.data.ImageDataset;
import vae4j.engine.Autocast;
import vae4j.engine.Devices;
import vae4j.engine.Rng;
import vae4j.engine.Scope;
import vae4j.model.Vae;
import vae4j.store.DatasetInfo;
import vae4j.store.ModelDirectory;
import vae4j.store.SavedModel;
import vae4j.testing.TestData;

/** {@code --precision bf16}: the matrix work really runs in bfloat16, training works, and its ELBO stays by fp32's. */
class MixedPrecisionTest {
    @TempDir
    Path tmp;

    @Test
    void autocastRunsTheLayersInBf16AndTheModelHandsBackFloat32() {
        ImageDataset data = TestData.bars(8, 1);
        Vae vae = Vae.create(Preset.KERAS_CONV.model(data.spec()).withHidden(List.of(8, 4)), 1);
        try (Scope s = Scope.open(); Rng rng = Rng.seeded(1)) {
            Tensor x = vae4j.loader.Batches.range(data, 0, 8, null);
            Tensor fp32 = vae.decodeParams(vae.encode(x).mean());
            Tensor bf16;
            try (Autocast a = Autocast.bf16(true)) {
                // a layer's own output is bf16 inside the region (the products ran in bf16) ...
                Tensor raw = vae.layers().get(0).layer().forward(x.contiguous(torch.MemoryFormat.ChannelsLast));
                assertThat(raw.scalar_type().value).isEqualTo(torch.ScalarType.BFloat16.value);
                // ... while the model hands float32 to the loss
                Vae.Encoding q = vae.encode(x);
                assertThat(q.mean().scalar_type().value).isEqualTo(torch.ScalarType.Float.value);
                bf16 = vae.decodeParams(q.mean());
                assertThat(bf16.scalar_type().value).isEqualTo(torch.ScalarType.Float.value);
            }
            assertThat(torch.is_autocast_enabled(torch.DeviceType.CPU)).isFalse();
            // bf16 keeps 8 bits of mantissa: close to fp32, not equal
            double diff = fp32.sub(bf16).abs().max().item_double();
            double scale = fp32.abs().max().item_double();
            assertThat(diff).isGreaterThan(0).isLessThan(0.05 * scale);
        }
    }

    @Test
    void bf16TrainingLearnsBarsAsFp32Does() throws IOException {
        ImageDataset train = TestData.bars(2000, 3);
        ImageDataset test = TestData.bars(300, 4);
        double[] last = new double[2];
        for (Precision p : Precision.values()) {
            TrainConfig t = Preset.PYTORCH_MLP.training().withEpochs(15).withBatchSize(50).withLearningRate(3e-3)
                    .withPrecision(p);
            Vae vae = Vae.create(Preset.PYTORCH_MLP.model(train.spec()).withHidden(List.of(64)).withLatentDim(2),
                    t.seed());
            List<EpochMetrics> h = new Trainer(vae, t, Devices.cpu()).fit(train, test, new TrainingListener() { });
            last[p.ordinal()] = h.get(h.size() - 1).testLoss();
        }
        System.out.printf("bars: test -ELBO after 15 epochs fp32 %.3f, bf16 %.3f%n", last[0], last[1]);
        double ignorant = 64 * -(0.125 * Math.log(0.125) + 0.875 * Math.log(0.875));
        assertThat(last[1]).isLessThan(ignorant * 0.5).isGreaterThan(Math.log(16) - 0.5);
        assertThat(last[1]).isNotEqualTo(last[0]);          // it did take the bf16 path
        assertThat(last[1]).isCloseTo(last[0], within(0.5));
    }

    @Test
    void precisionIsStoredWithTheModelAndOlderFoldersMeanFp32() throws IOException {
        ImageDataset data = TestData.bars(100, 1);
        Vae vae = Vae.create(Preset.PYTORCH_MLP.model(data.spec()).withHidden(List.of(8)), 1);
        for (Precision p : Precision.values()) {
            TrainConfig t = Preset.PYTORCH_MLP.training().withPrecision(p);
            Path dir = tmp.resolve(p.id());
            ModelDirectory.save(dir, new SavedModel(vae, t, new DatasetInfo("bars", "x", 100, 0, "t"), List.of(),
                    Progress.startOf(1)), folder -> { });
            assertThat(ModelDirectory.load(dir).training().precision()).isEqualTo(p);
            String json = java.nio.file.Files.readString(dir.resolve("config.json"));
            // fp32 writes nothing: config.json of an fp32 run is as before, and a folder without the field is fp32
            assertThat(json.contains("\"precision\"")).isEqualTo(p == Precision.BF16);
        }
        assertThat(Precision.isAuto("Auto")).isTrue();
        // surefire runs with the bundled OpenBLAS (VAE4J_BLAS=bundled): MLPs stay fp32 there
        assertThat(Precision.auto(true)).isEqualTo(Precision.FP32);
        assertThat(Precision.auto(false)).isEqualTo(Precision.cpuHasBf16() ? Precision.BF16 : Precision.FP32);
        // the rule itself: bf16 needs the CPU's bf16 instructions, and for MLPs the shared OpenMP pool
        assertThat(Precision.auto(true, true, true)).isEqualTo(Precision.BF16);
        assertThat(Precision.auto(true, true, false)).isEqualTo(Precision.FP32);
        assertThat(Precision.auto(false, true, false)).isEqualTo(Precision.BF16);
        assertThat(Precision.auto(false, false, true)).isEqualTo(Precision.FP32);
        assertThat(Precision.auto(true, false, true)).isEqualTo(Precision.FP32);
        assertThatThrownBy(() -> Precision.parse("fp16")).hasMessageContaining("fp32, bf16 or auto");
    }

    @Test
    void aBf16RunResumedFromItsFolderEndsWhereTheStraightRunEnds() throws IOException {
        ImageDataset train = TestData.bars(400, 3);
        ImageDataset test = TestData.bars(100, 4);
        TrainConfig t = Preset.PYTORCH_MLP.training().withEpochs(4).withBatchSize(50).withPrecision(Precision.BF16);
        var model = Preset.PYTORCH_MLP.model(train.spec()).withHidden(List.of(32)).withLatentDim(2);
        Vae straight = Vae.create(model, t.seed());
        new Trainer(straight, t, Devices.cpu()).fit(train, test, new TrainingListener() { });

        Vae first = Vae.create(model, t.seed());
        Trainer a = new Trainer(first, t.withEpochs(2), Devices.cpu());
        a.fit(train, test, new TrainingListener() { });
        Path dir = tmp.resolve("half");
        ModelDirectory.save(dir, new SavedModel(first, t.withEpochs(2), new DatasetInfo("bars", "x", 400, 100, "t"),
                a.history(), a.progress()), folder -> a.saveOptimizerState(folder.resolve("optimizer.pt")));
        SavedModel saved = ModelDirectory.load(dir);
        assertThat(saved.training().precision()).isEqualTo(Precision.BF16);
        Trainer b = new Trainer(saved.model(), saved.training().withEpochs(4), Devices.cpu());
        b.loadOptimizerState(dir.resolve("optimizer.pt"));
        b.restore(saved.history(), saved.progress());
        b.fit(train, test, new TrainingListener() { });

        var x = vae4j.engine.Parameters.read(straight.module());
        var y = vae4j.engine.Parameters.read(saved.model().module());
        double max = 0;
        for (String k : x.keySet()) {
            float[] u = x.get(k).values();
            float[] v = y.get(k).values();
            for (int i = 0; i < u.length; i++) {
                max = Math.max(max, Math.abs(u[i] - v[i]));
            }
        }
        assertThat(max).isLessThanOrEqualTo(1e-6);
        Vae untrained = Vae.create(model, t.seed());
        var z = vae4j.engine.Parameters.read(untrained.module());
        assertThat(z.get("dec_out.weight").values()).isNotEqualTo(x.get("dec_out.weight").values());
    }
}
