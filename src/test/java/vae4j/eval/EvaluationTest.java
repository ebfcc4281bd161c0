package vae4j.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import vae4j.data.DataSplits;
import vae4j.data.ImageDataset;
import vae4j.engine.Devices;
import vae4j.model.Vae;
import vae4j.testing.TestData;
import vae4j.train.Preset;
import vae4j.train.Trainer;
import vae4j.train.TrainingListener;

/** On a briefly trained model: the IWAE estimate lies above the ELBO and rises with k. */
@Tag("real-data")
class EvaluationTest {
    @Test
    void importanceWeightedBoundIsAboveTheElboAndRisesWithK() throws IOException {
        DataSplits d = TestData.fashionMnist().limit(2000, 200);
        Vae vae = Vae.create(Preset.PYTORCH_MLP.model(1, 28, 28), 1);
        new Trainer(vae, Preset.PYTORCH_MLP.training().withEpochs(3), Devices.cpu())
                .fit(d.train(), d.test(), new TrainingListener() { });
        ImageDataset test = (ImageDataset) d.test();
        Evaluation.Report k1 = Evaluation.evaluate(vae, test, 1, false, 7, Devices.cpu(), n -> { });
        Evaluation.Report k10 = Evaluation.evaluate(vae, test, 10, false, 7, Devices.cpu(), n -> { });
        Evaluation.Report k200 = Evaluation.evaluate(vae, test, 200, false, 7, Devices.cpu(), n -> { });
        System.out.printf("-ELBO %.2f; -log p(x) k=1 %.2f, k=10 %.2f, k=200 %.2f%n", k200.negElbo(),
                k1.negLogLikelihood(), k10.negLogLikelihood(), k200.negLogLikelihood());
        // k = 1 is a one-sample ELBO: within Monte Carlo noise of the k-sample ELBO estimate
        assertThat(k1.negLogLikelihood()).isCloseTo(k200.negElbo(), org.assertj.core.api.Assertions.within(1.0));
        assertThat(k10.negLogLikelihood()).isLessThan(k1.negLogLikelihood());
        assertThat(k200.negLogLikelihood()).isLessThan(k10.negLogLikelihood());
        assertThat(k200.negLogLikelihood()).isLessThan(k200.negElbo());
        assertThat(k200.negElbo()).isCloseTo(k200.reconstruction() + k200.kl(),
                org.assertj.core.api.Assertions.within(1e-9));
        assertThat(k200.negElboBitsPerDim()).isCloseTo(k200.negElbo() / (784 * Math.log(2)),
                org.assertj.core.api.Assertions.within(1e-12));
        assertThat(k200.activeUnits()).isBetween(1, 20);
        double klSum = 0;
        for (double v : k200.klPerDimension()) {
            assertThat(v).isGreaterThanOrEqualTo(0);
            klSum += v;
        }
        assertThat(klSum).isCloseTo(k200.kl(), org.assertj.core.api.Assertions.within(1e-3));
        Evaluation.Report bin = Evaluation.evaluate(vae, test, 10, true, 7, Devices.cpu(), n -> { });
        assertThat(bin.binarized()).isTrue();
        assertThat(bin.negLogLikelihood()).isNotEqualTo(k10.negLogLikelihood());
    }
}
