package vae4j.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import vae4j.train.Preset;

/** Output shapes of every preset; the seed's conv table layer by layer, with Keras' parameter counts. */
class PresetShapesTest {
    private static List<String> shapes(List<ModelSummary.Row> rows) {
        return rows.stream().map(ModelSummary.Row::shapeText).toList();
    }

    @Test
    void seedConvTableLayerByLayer() {
        ModelSummary s = ModelSummary.of(Preset.KERAS_CONV_2017.model(1, 28, 28));
        // channels-first (c, h, w) for Keras' (h, w, c)
        assertThat(shapes(s.encoder())).containsExactly("(None, 1, 28, 28)", "(None, 1, 28, 28)",
                "(None, 64, 14, 14)", "(None, 64, 14, 14)", "(None, 64, 14, 14)", "(None, 12544)", "(None, 128)",
                "(None, 2)", "(None, 2)");
        assertThat(shapes(s.decoder())).containsExactly("(None, 2)", "(None, 128)", "(None, 12544)",
                "(None, 64, 14, 14)", "(None, 64, 14, 14)", "(None, 64, 14, 14)", "(None, 64, 29, 29)",
                "(None, 1, 28, 28)");
        // the parameter counts Keras' summary() prints for the same model
        assertThat(s.encoder().stream().map(ModelSummary.Row::parameters).toList())
                .containsExactly(0L, 5L, 320L, 36_928L, 36_928L, 0L, 1_605_760L, 258L, 258L);
        assertThat(s.decoder().stream().map(ModelSummary.Row::parameters).toList())
                .containsExactly(0L, 384L, 1_618_176L, 0L, 36_928L, 36_928L, 36_928L, 257L);
    }

    @Test
    void laterKerasConvShapes() {
        ModelSummary s = ModelSummary.of(Preset.KERAS_CONV.model(1, 28, 28));
        assertThat(shapes(s.encoder())).containsExactly("(None, 1, 28, 28)", "(None, 32, 14, 14)",
                "(None, 64, 7, 7)", "(None, 3136)", "(None, 16)", "(None, 2)", "(None, 2)");
        assertThat(shapes(s.decoder())).containsExactly("(None, 2)", "(None, 3136)", "(None, 64, 7, 7)",
                "(None, 64, 14, 14)", "(None, 32, 28, 28)", "(None, 1, 28, 28)");
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void everyPresetMapsImagesToLatentAndBack(Preset p) {
        Vae vae = Vae.create(p.model(1, 28, 28), 1);
        ModelSummary s = ModelSummary.of(vae.config());
        int latent = p.model(1, 28, 28).latentDim();
        assertThat(s.encoder().get(s.encoder().size() - 1).shapeText()).isEqualTo("(None, " + latent + ")");
        assertThat(s.decoder().get(s.decoder().size() - 1).shapeText()).isEqualTo("(None, 1, 28, 28)");
        long total = s.encoder().stream().mapToLong(ModelSummary.Row::parameters).sum()
                + s.decoder().stream().mapToLong(ModelSummary.Row::parameters).sum();
        assertThat(total).isEqualTo(vae.parameterCount());
    }

    /** The summary is computed from the plan; a forward pass through the built layers must give the same shapes. */
    @Test
    void planShapesMatchAForwardPassThroughTheBuiltLayers() {
        List<ModelConfig> configs = new java.util.ArrayList<>();
        for (Preset p : Preset.values()) {
            configs.add(p.model(1, 28, 28));
        }
        configs.add(Preset.KERAS_CONV.model(3, 64, 32).withHidden(List.of(8, 16, 24, 10)));
        configs.add(Preset.KERAS_CONV_2017.model(3, 20, 24).withHidden(List.of(6, 9)));
        configs.add(Preset.TABLE_MLP.model(new vae4j.data.TableSpec(List.of(vae4j.data.Column.numeric("a", 0, 1),
                vae4j.data.Column.coded("b", List.of("x", "y", "z"), true)))));
        for (ModelConfig c : configs) {
            Vae vae = Vae.create(c, 1);
            ModelSummary s = ModelSummary.of(c);
            try (vae4j.engine.Scope scope = vae4j.engine.Scope.open();
                 vae4j.engine.NoGrad g = vae4j.engine.NoGrad.enter()) {
                org.bytedeco.pytorch.Tensor x = org.bytedeco.pytorch.global.torch.zeros(c.input().batchShape(1));
                List<vae4j.engine.Layer> enc = vae.encoderLayers();
                for (int i = 0; i < enc.size(); i++) {
                    x = enc.get(i).forward(x);
                    assertThat(perExample(x)).as(c + " encoder layer " + i).isEqualTo(s.encoder().get(i + 1).shape());
                    assertThat(enc.get(i).parameterCount()).isEqualTo(s.encoder().get(i + 1).parameters());
                }
                org.bytedeco.pytorch.Tensor z = org.bytedeco.pytorch.global.torch.zeros(1, c.latentDim());
                List<vae4j.engine.Layer> dec = vae.decoderLayers();
                for (int i = 0; i < dec.size(); i++) {
                    z = dec.get(i).forward(z);
                    assertThat(perExample(z)).as(c + " decoder layer " + i).isEqualTo(s.decoder().get(i + 1).shape());
                }
                assertThat(perExample(z)).isEqualTo(java.util.Arrays.copyOfRange(
                        c.likelihood().outputShape(1), 1, c.likelihood().outputShape(1).length));
            }
            assertThat(s.parameters()).isEqualTo(vae.parameterCount());
        }
    }

    private static long[] perExample(org.bytedeco.pytorch.Tensor t) {
        long[] shape = vae4j.engine.Tensors.shape(t);
        return java.util.Arrays.copyOfRange(shape, 1, shape.length);
    }

    @Test
    void mlpParameterCountsMatchTheReferenceModels() {
        // PyTorch examples/vae: fc1 784x400, fc21/fc22 400x20, fc3 20x400, fc4 400x784
        long pytorch = 784 * 400 + 400 + 2 * (400 * 20 + 20) + 20 * 400 + 400 + 400 * 784 + 784;
        assertThat(Vae.create(Preset.PYTORCH_MLP.model(1, 28, 28), 1).parameterCount()).isEqualTo(pytorch);
        long keras = 784 * 512 + 512 + 2 * (512 * 2 + 2) + 2 * 512 + 512 + 512 * 784 + 784;
        assertThat(Vae.create(Preset.KERAS_MLP.model(1, 28, 28), 1).parameterCount()).isEqualTo(keras);
    }

    @Test
    void invalidConfigsAreRejectedWithTheValue() {
        ModelConfig ok = Preset.KERAS_MLP.model(1, 28, 28);
        assertThatThrownBy(() -> ok.withLatentDim(0)).hasMessageContaining("latent size must be >= 1, got 0");
        assertThatThrownBy(() -> ok.withHidden(List.of(512, -1))).hasMessageContaining("[512, -1]");
        assertThatThrownBy(() -> Preset.KERAS_CONV.model(1, 30, 30))
                .hasMessageContaining("conv with 2 levels needs image sides divisible by 4, got 30x30");
        assertThatThrownBy(() -> Preset.KERAS_CONV_2017.model(1, 28, 28).withHidden(List.of(64)))
                .hasMessageContaining("conv2017 takes 2 hidden sizes");
        assertThatThrownBy(() -> Likelihood.of("poisson", new vae4j.data.ImageSpec(1, 28, 28))).hasMessageContaining("unknown likelihood 'poisson'");
        assertThatThrownBy(() -> Preset.parse("vgg")).hasMessageContaining("unknown preset 'vgg'");
    }
}
