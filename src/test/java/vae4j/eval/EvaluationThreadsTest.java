package vae4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vae4j.train.Precision.FP32;

import java.util.List;
import org.junit.jupiter.api.Test;
import vae4j.data.Dataset;
import vae4j.data.ImageSpec;
import vae4j.engine.Devices;
import vae4j.model.Architecture;
import vae4j.model.Init;
import vae4j.model.ModelConfig;
import vae4j.model.Vae;
import vae4j.train.FamilyTrainingTest;

/**
 * Evaluation split over worker threads gives the report of one thread to the last bit: each batch draws its
 * binarisation and its samples from a stream of its own, and the batches' sums are added in the data's order, whatever
 * the number of workers.
 */
class EvaluationThreadsTest {
    /** 101 pictures (3 rounds of 32 plus 5), k = 257 (chunks of 32 and a last one of 1). */
    @Test
    void aBinarisedEvaluationOnThreeThreadsEqualsOneThread() {
        ModelConfig c = new ModelConfig(Architecture.MLP, new ImageSpec(1, 8, 8), List.of(32), 3,
                vae4j.model.Likelihood.of(null, new ImageSpec(1, 8, 8)), Init.PYTORCH, 0);
        Vae vae = Vae.create(c, 7);
        Dataset d = ScorerTest.images(101, 5);
        Evaluation.Report one = Evaluation.evaluate(vae, d, 257, true, 11, Devices.cpu(), 1, FP32, n -> { });
        for (int threads : new int[] {2, 3}) {
            assertSameReport(Evaluation.evaluate(vae, d, 257, true, 11, Devices.cpu(), threads, FP32, n -> { }), one,
                    threads);
        }
        // the seed matters: another one draws other pixels and samples
        Evaluation.Report other = Evaluation.evaluate(vae, d, 257, true, 12, Devices.cpu(), 3, FP32, n -> { });
        assertThat(other.negLogLikelihood()).isNotEqualTo(one.negLogLikelihood());
    }

    @Test
    void aConditionalModelOnThreadsEqualsOneThreadAndProgressReachesTheEnd() {
        Vae vae = Vae.create(FamilyTrainingTest.conditional(), 3);
        Dataset d = ScorerTest.images(70, 8);
        Evaluation.Report one = Evaluation.evaluate(vae, d, 40, false, 2, Devices.cpu(), 1, FP32, n -> { });
        List<Integer> progress = new java.util.ArrayList<>();
        Evaluation.Report two = Evaluation.evaluate(vae, d, 40, false, 2, Devices.cpu(), 2, FP32, progress::add);
        assertSameReport(two, one, 2);
        assertThat(progress).containsExactly(64, 70); // two batches of 32 at once, then the last 6 images
        assertThatThrownBy(() -> Evaluation.evaluate(vae, d, 40, false, 2, Devices.cpu(), 0, FP32, n -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("threads must be >= 1, got 0");
    }

    @Test
    void everyBatchAndSeedHasAStreamOfItsOwn() {
        java.util.Set<Long> seeds = new java.util.HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            for (int from = 0; from < 32 * 50; from += 32) {
                seeds.add(Evaluation.batchSeed(seed, from));
            }
        }
        assertThat(seeds).hasSize(20 * 50);
    }

    private static void assertSameReport(Evaluation.Report r, Evaluation.Report one, int threads) {
        String on = "on " + threads + " threads";
        assertThat(r.negElbo()).as("-ELBO " + on).isEqualTo(one.negElbo());
        assertThat(r.reconstruction()).as("reconstruction " + on).isEqualTo(one.reconstruction());
        assertThat(r.kl()).as("KL " + on).isEqualTo(one.kl());
        assertThat(r.negLogLikelihood()).as("-log p(x) " + on).isEqualTo(one.negLogLikelihood());
        assertThat(r.klPerDimension()).as("KL per dimension " + on).containsExactly(one.klPerDimension());
        assertThat(r.meanVariance()).as("variance of the means " + on).containsExactly(one.meanVariance());
        assertThat(r.activeUnits()).isEqualTo(one.activeUnits());
        assertThat(r.images()).isEqualTo(one.images());
    }
}
