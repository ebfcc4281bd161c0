package vae4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DetectionMetricsTest {
    /**
     * Six examples by hand: anomalies score 0.9, 0.7, 0.6; normal ones 0.8, 0.6, 0.1.
     * AUROC: of the 9 (anomaly, normal) pairs the anomaly wins 3 + 2 + 1 and ties 1: 6.5 / 9.
     * Average precision: the anomalies are found at precision 1/1, 2/3 and (with the tied normal) 3/5:
     * (1 + 2/3 + 3/5) / 3 = 34/45. At most 1 % false positives of 3 normal examples means none: recall 1/3.
     */
    @Test
    void aHandCheckedCase() {
        double[] s = {0.9, 0.8, 0.7, 0.6, 0.6, 0.1};
        boolean[] a = {true, false, true, false, true, false};
        DetectionMetrics m = DetectionMetrics.of(s, a);
        assertThat(m.auroc()).isCloseTo(6.5 / 9, within(1e-12));
        assertThat(m.auprc()).isCloseTo(34.0 / 45, within(1e-12));
        assertThat(m.recallAt1Fpr()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(m.fpr()).containsExactly(0, 0, 1.0 / 3, 1.0 / 3, 2.0 / 3, 1);
        assertThat(m.tpr()).containsExactly(0, 1.0 / 3, 1.0 / 3, 2.0 / 3, 1, 1);
        assertThat(m.anomalies()).isEqualTo(3);
        assertThat(m.normals()).isEqualTo(3);
    }

    @Test
    void perfectReversedAndConstantScores() {
        boolean[] a = {false, false, true, true};
        assertThat(DetectionMetrics.of(new double[] {1, 2, 3, 4}, a).auroc()).isEqualTo(1.0);
        assertThat(DetectionMetrics.of(new double[] {1, 2, 3, 4}, a).recallAt1Fpr()).isEqualTo(1.0);
        assertThat(DetectionMetrics.of(new double[] {4, 3, 2, 1}, a).auroc()).isEqualTo(0.0);
        DetectionMetrics flat = DetectionMetrics.of(new double[] {5, 5, 5, 5}, a);
        assertThat(flat.auroc()).isEqualTo(0.5);
        assertThat(flat.auprc()).isEqualTo(0.5); // the base rate
    }

    @Test
    void needsBothClasses() {
        assertThatThrownBy(() -> DetectionMetrics.of(new double[] {1, 2}, new boolean[] {true, true}))
                .hasMessageContaining("both");
    }

    @Test
    void thresholdsAtAQuantile() {
        double[] v = new double[100];
        for (int i = 0; i < 100; i++) {
            v[i] = 100 - i; // 1..100
        }
        ScoreThresholds t = ScoreThresholds.fit(Map.of("kl", v), 0.9, 1, 1, "d", null);
        assertThat(t.thresholds().get("kl")).isEqualTo(90.0); // 90 of 100 values at or below it
        assertThat(t.flags("kl", 90.0)).isFalse();
        assertThat(t.flags("kl", 90.5)).isTrue();
    }
}
