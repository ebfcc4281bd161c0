package vae4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vae4j.data.ImageDataset;
import vae4j.engine.Devices;
import vae4j.model.Vae;
import vae4j.train.FamilyTrainingTest;
import vae4j.train.Precision;

/**
 * Inference with the networks' matrix work in bfloat16, against float32 on a trained model (conditional, 8x8
 * shapes): every figure close to float32's, not equal to it (the setting takes effect), the complexity term untouched,
 * and the bf16 report the same on any number of workers.
 */
class Bf16InferenceTest {
    static ImageDataset test;
    static Vae vae;

    @BeforeAll
    static void train() throws IOException {
        test = FamilyTrainingTest.shapes("shapes/test", 150, 2);
        vae = ScorerTest.trainedConditional(FamilyTrainingTest.shapes("shapes/train", 900, 1), test);
    }

    @Test
    void bf16ScoresStayCloseToFloat32AndRankTheExamplesAlike() {
        List<ExampleScore> fp32 = new ArrayList<>();
        List<ExampleScore> bf16 = new ArrayList<>();
        new Scorer(vae, new Scorer.Settings(50, 5, 64)).score(test, fp32::add, done -> { });
        new Scorer(vae, new Scorer.Settings(50, 5, 64)).withPrecision(Precision.BF16).withThreads(2)
                .score(test, bf16::add, done -> { });
        double worst = 0;
        int moved = 0;
        for (int i = 0; i < test.size(); i++) {
            ExampleScore a = fp32.get(i);
            ExampleScore b = bf16.get(i);
            assertThat(b.index()).isEqualTo(a.index());
            assertThat(b.compressedNats()).isEqualTo(a.compressedNats()); // the compressor does not see the network
            double d = Math.abs(b.negLogPx() - a.negLogPx());
            worst = Math.max(worst, d);
            moved += d > 0 ? 1 : 0;
            assertThat(b.kl()).as("KL of %d", i).isCloseTo(a.kl(), within(0.02 * Math.abs(a.kl()) + 0.02));
        }
        System.out.printf("bf16 scores: %d of %d moved, worst |d neg_log_px| %.4f nats%n", moved, test.size(), worst);
        assertThat(moved).as("bf16 changes the scores").isGreaterThan(test.size() / 2);
        // 8x8 pictures score 5 to 40 nats; bfloat16's 8-bit mantissa moves the logits by up to 0.4 % (measured: at
        // most 0.008 nats)
        assertThat(worst).isLessThan(0.05);
        assertThat(spearman(fp32, bf16)).isGreaterThan(0.995);
    }

    @Test
    void aBf16EvaluationIsNearFloat32AndTheSameOnTwoWorkers() {
        Evaluation.Report fp32 = Evaluation.evaluate(vae, test, 40, false, 3, Devices.cpu(), n -> { });
        Evaluation.Report one = Evaluation.evaluate(vae, test, 40, false, 3, Devices.cpu(), 1, Precision.BF16,
                n -> { });
        Evaluation.Report two = Evaluation.evaluate(vae, test, 40, false, 3, Devices.cpu(), 2, Precision.BF16,
                n -> { });
        System.out.printf("-ELBO fp32 %.5f bf16 %.5f; -log p(x) %.5f / %.5f%n", fp32.negElbo(), one.negElbo(),
                fp32.negLogLikelihood(), one.negLogLikelihood());
        assertThat(fp32.precision()).isEqualTo("fp32");
        assertThat(one.precision()).isEqualTo("bf16");
        assertThat(one.negElbo()).isNotEqualTo(fp32.negElbo()).isCloseTo(fp32.negElbo(), within(0.02));
        assertThat(one.negLogLikelihood()).isCloseTo(fp32.negLogLikelihood(), within(0.02)); // measured 0.0013
        assertThat(two.negElbo()).isEqualTo(one.negElbo());
        assertThat(two.negLogLikelihood()).isEqualTo(one.negLogLikelihood());
        assertThat(two.klPerDimension()).containsExactly(one.klPerDimension());
    }

    @Test
    void bf16IsRefusedForAModelOffTheCpu() {
        org.bytedeco.pytorch.Device cuda = new org.bytedeco.pytorch.Device(
                org.bytedeco.pytorch.global.torch.DeviceType.CUDA);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> vae4j.engine.Autocast.checkDevice(true, cuda))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--precision bf16 runs on the CPU only (libtorch's CPU autocast)");
        vae4j.engine.Autocast.checkDevice(false, cuda); // float32 anywhere
        vae4j.engine.Autocast.checkDevice(true, Devices.cpu());
    }

    /** Spearman's rank correlation of neg_log_px (no ties expected among doubles). */
    static double spearman(List<ExampleScore> a, List<ExampleScore> b) {
        int n = a.size();
        double[] ra = ranks(a.stream().mapToDouble(ExampleScore::negLogPx).toArray());
        double[] rb = ranks(b.stream().mapToDouble(ExampleScore::negLogPx).toArray());
        double d2 = 0;
        for (int i = 0; i < n; i++) {
            d2 += (ra[i] - rb[i]) * (ra[i] - rb[i]);
        }
        return 1 - 6 * d2 / ((double) n * ((double) n * n - 1));
    }

    private static double[] ranks(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(v[x], v[y]));
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[order[i]] = i;
        }
        return r;
    }
}
