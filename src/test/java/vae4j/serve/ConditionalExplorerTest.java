package vae4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vae4j.data.FloatRows;
import vae4j.data.ImageDataset;
import vae4j.data.ImageSpec;
import vae4j.data.RowDataset;
import vae4j.engine.Devices;
import vae4j.eval.LatentCodes;
import vae4j.model.Vae;
import vae4j.store.DatasetInfo;
import vae4j.store.SavedModel;
import vae4j.train.Elbo;
import vae4j.train.FamilyTrainingTest;
import vae4j.train.OptimizerKind;
import vae4j.train.TrainConfig;
import vae4j.train.Trainer;
import vae4j.train.TrainingListener;

/**
 * The explorer on a conditional model (three classes of 8x8 shapes): points encoded and scored with each example's
 * label, every decode of the class asked for, and a missing or bad label refused with one line of JSON.
 */
class ConditionalExplorerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static ImageDataset test;
    static SavedModel model;
    static Vae vae;
    static DecodePool pool;
    static Explorer explorer;
    static ExplorerServer server;
    static String url;

    @BeforeAll
    static void start() throws IOException {
        ImageDataset train = FamilyTrainingTest.shapes("shapes/train", 900, 1);
        test = FamilyTrainingTest.shapes("shapes/test", 150, 2);
        TrainConfig t = new TrainConfig(OptimizerKind.ADAM, 3e-3, 50, 8, 4, 0);
        vae = Vae.create(FamilyTrainingTest.conditional(), t.seed());
        Trainer trainer = new Trainer(vae, t, Devices.cpu());
        trainer.fit(train, test, new TrainingListener() { });
        model = new SavedModel(vae, t, new DatasetInfo(train.name(), "test", train.size(), test.size(), "made here"),
                trainer.history());
        pool = new DecodePool(2, 64);
        explorer = new Explorer(model, test, null, new ElboScores(1), null, pool);
        server = ExplorerServer.start(explorer, "127.0.0.1", 0, null);
        url = server.url();
    }

    @AfterAll
    static void stop() {
        server.close();
        pool.close();
    }

    static ServeFixtures.Response get(String path) throws Exception {
        return ServeFixtures.get(url + path);
    }

    /** The grey levels of a 1-scale PNG of one 8x8 picture, in [0, 1]. */
    static float[] pixels(ServeFixtures.Response r) throws IOException {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        BufferedImage img = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(r.body()));
        float[] v = new float[64];
        for (int p = 0; p < 64; p++) {
            v[p] = img.getRaster().getSample(p % 8, p / 8, 0) / 255f;
        }
        return v;
    }

    @Test
    void modelSaysItIsConditionalAndNamesTheClasses() throws Exception {
        JsonNode m = JSON.readTree(get("api/model").body());
        assertThat(m.path("conditional").asBoolean()).isTrue();
        assertThat(m.path("classes").toString()).isEqualTo("[\"top\",\"left\",\"square\"]");
    }

    @Test
    void pointsAndScoresUseEachExamplesLabel() throws Exception {
        JsonNode p = JSON.readTree(get("api/points").body());
        LatentCodes codes = LatentCodes.encode(vae, test); // encodes with the labels
        for (int i = 0; i < test.size(); i++) {
            assertThat((float) p.path("z").get(i).get(0).asDouble()).isEqualTo(codes.mean(i, 0));
            assertThat(p.path("label").get(i).asInt()).isEqualTo(test.labels()[i]);
        }
        // the hover scores average to the evaluator's -ELBO (same seed and batch: the same samples)
        double mean = 0;
        for (int i = 0; i < explorer.size(); i++) {
            mean += explorer.score(i) / explorer.size();
        }
        Elbo e = Elbo.evaluate(vae, test, 500, 1, Devices.cpu());
        assertThat(mean).isCloseTo(e.loss(), within(1e-3 * Math.abs(e.loss())));
    }

    @Test
    void decodeDrawsTheClassAskedForAtTheSamePoint() throws Exception {
        float[] z = {0.3f, -0.2f};
        float[][] pics = new float[3][];
        for (int c = 0; c < 3; c++) {
            pics[c] = pixels(get("api/decode?z=0.3,-0.2&scale=1&label=" + c));
            float[] direct = LatentCodes.decode(vae, z, 1, new int[] {c});
            for (int k = 0; k < 64; k++) {
                assertThat(pics[c][k]).as("class %d pixel %d", c, k)
                        .isCloseTo(Math.max(0f, Math.min(1f, direct[k])), within(1f / 255 + 1e-6f));
            }
            // the picture looks like the class's template (the data's own definition of the classes)
            assertThat(FamilyTrainingTest.nearestTemplate(pics[c], 0)).as("class %d", c).isEqualTo(c);
        }
        assertThat(pics[0]).isNotEqualTo(pics[1]);
        assertThat(pics[1]).isNotEqualTo(pics[2]);
    }

    @Test
    void samplesManifoldAndInterpolationTakeTheLabel() throws Exception {
        for (String path : List.of("api/sample?n=4&seed=3&scale=1", "api/interpolate?from=0&to=5&steps=3&scale=1",
                "api/manifold?n=2&x0=-1&x1=1&y0=-1&y1=1&scale=1")) {
            byte[] a = get(path + "&label=0").body();
            ServeFixtures.Response b = get(path + "&label=2");
            assertThat(b.status()).as(path + " " + b.text()).isEqualTo(200);
            assertThat(b.contentType()).isEqualTo("image/png");
            assertThat(b.body()).as(path).isNotEqualTo(a);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "api/decode?z=0,0|this model is conditional on 3 classes: give label=0..2",
        "api/decode?z=0,0&label=3|label must be in 0..2, got 3",
        "api/decode?z=0,0&label=-1|label must be a class number",
        "api/decode?z=0,0&label=top|label must be a class number",
        "api/decode?z=0,0&label=|missing parameter 'label'",
        "api/decode?z=0,0&label=99999999999|label must be a class number",
        "api/sample?n=4|this model is conditional",
        "api/sample?n=4&label=7|label must be in 0..2",
        "api/interpolate?from=0&to=1|this model is conditional",
        "api/manifold?x0=0&x1=1&y0=0&y1=1|this model is conditional"})
    void aMissingOrBadLabelIsA400WithOneLineOfJson(String path, String fragment) throws Exception {
        ServeFixtures.Response r = get(path);
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        ExplorerApiTest.assertOneLineError(r.contentType(), r.text(), fragment);
    }

    @Test
    void unlabelledDataCannotBeShown() {
        RowDataset loose = new RowDataset("loose", new ImageSpec(1, 8, 8), new FloatRows(new float[2 * 64], 64), 1f,
                null, List.of());
        assertThatThrownBy(() -> new Explorer(model, loose, null, new ElboScores(1), null, pool))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loose has no labels");
    }
}
