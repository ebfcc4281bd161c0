package vae4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vae4j.data.ImageDataset;
import vae4j.eval.LatentCodes;
import vae4j.eval.Pca;
import vae4j.store.SavedModel;

/** A latent of 4 seen on its principal plane or on two chosen dimensions. */
class ExplorerPcaTest {
    static ImageDataset test;
    static SavedModel model;
    static DecodePool pool;

    @BeforeAll
    static void train() throws Exception {
        test = ServeFixtures.bars(200, 4);
        model = ServeFixtures.trained(ServeFixtures.bars(600, 3), test, 32, 4, 2);
        pool = new DecodePool(2, 16);
    }

    @AfterAll
    static void close() {
        pool.close();
    }

    @Test
    void thePlaneIsThePcaOfTheMeansAndAClickDecodesOnIt() throws Exception {
        Explorer e = new Explorer(model, test, null, new ElboScores(1), null, pool);
        LatentCodes codes = LatentCodes.encode(model.model(), test);
        Pca pca = Pca.project(codes.mean(), codes.size(), 4);
        assertThat(e.plane().kind()).isEqualTo("pca");
        for (int i = 0; i < codes.size(); i++) {
            assertThat(e.plane().x()[i]).isCloseTo(pca.x()[i], within(1e-9));
            assertThat(e.plane().y()[i]).isCloseTo(pca.y()[i], within(1e-9));
        }
        // a click at plane point (0.25, -0.25) decodes mean + 0.25 PC1 - 0.25 PC2, as the library decoder does
        float[] z = e.plane().toLatent(0.25, -0.25);
        float[] expected = LatentCodes.decode(model.model(), z, 1);
        float[] cells = e.decodeMean(z, 1, null);
        assertThat(cells).containsExactly(expected);
    }

    @Test
    void chosenDimensionsAreDrawnAsTheyAre() throws Exception {
        Explorer e = new Explorer(model, test, null, new ElboScores(1), new int[] {3, 1}, pool);
        LatentCodes codes = LatentCodes.encode(model.model(), test);
        assertThat(e.plane().kind()).isEqualTo("dims");
        for (int i = 0; i < codes.size(); i++) {
            assertThat(e.plane().x()[i]).isEqualTo(codes.mean(i, 3));
            assertThat(e.plane().y()[i]).isEqualTo(codes.mean(i, 1));
        }
        assertThat(new String(e.model().body(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"labelX\":\"z[3]\"").contains("\"labelY\":\"z[1]\"");
    }
}
