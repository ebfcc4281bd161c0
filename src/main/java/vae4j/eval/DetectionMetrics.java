package vae4j.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How well one score separates anomalies from normal examples (higher score = more anomalous): the ROC and
 * precision-recall curves, the area under the ROC (the probability that a random anomaly scores above a random normal
 * example, ties counting one half), the average precision (the area under the step-wise precision-recall curve, as in
 * scikit-learn's {@code average_precision_score}) and the recall at 1 % false positives.
 *
 * @param auroc          area under the ROC curve
 * @param auprc          average precision
 * @param recallAt1Fpr   the largest true-positive rate at any threshold with a false-positive rate of at most 1 %
 * @param fpr            ROC x values, one per distinct threshold, from (0, 0) to (1, 1)
 * @param tpr            ROC y values
 * @param precision      precision at each distinct threshold (from the highest score down)
 * @param recall         recall at each distinct threshold
 * @param anomalies      number of positive examples
 * @param normals        number of negative examples
 */
public record DetectionMetrics(double auroc, double auprc, double recallAt1Fpr, double[] fpr, double[] tpr,
                               double[] precision, double[] recall, int anomalies, int normals) {

    /**
     * @param scores  one score per example
     * @param anomaly true for the anomalous examples
     * @throws IllegalArgumentException if either class is empty or a score is NaN
     */
    public static DetectionMetrics of(double[] scores, boolean[] anomaly) {
        int n = scores.length;
        if (anomaly.length != n) {
            throw new IllegalArgumentException(n + " scores but " + anomaly.length + " labels");
        }
        int pos = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is NaN");
            }
            pos += anomaly[i] ? 1 : 0;
        }
        int neg = n - pos;
        if (pos == 0 || neg == 0) {
            throw new IllegalArgumentException("metrics need both anomalies and normal examples, got " + pos + " and "
                    + neg);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        List<double[]> roc = new ArrayList<>();
        List<double[]> pr = new ArrayList<>();
        roc.add(new double[] {0, 0});
        double tp = 0;
        double fp = 0;
        double auc = 0;
        double ap = 0;
        double best = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            double tpGroup = 0;
            double fpGroup = 0;
            while (j < n && scores[order[j]] == scores[order[i]]) { // a group of tied scores moves both counts at once
                if (anomaly[order[j]]) {
                    tpGroup++;
                } else {
                    fpGroup++;
                }
                j++;
            }
            auc += fpGroup * (tp + tpGroup / 2); // each normal example beats the anomalies below it, ties half
            tp += tpGroup;
            fp += fpGroup;
            double recall = tp / pos;
            double precision = tp / (tp + fp);
            ap += tpGroup / pos * precision;
            if (fp / neg <= 0.01) {
                best = Math.max(best, recall);
            }
            roc.add(new double[] {fp / neg, recall});
            pr.add(new double[] {precision, recall});
            i = j;
        }
        return new DetectionMetrics(auc / ((double) pos * neg), ap, best, column(roc, 0), column(roc, 1),
                column(pr, 0), column(pr, 1), pos, neg);
    }

    private static double[] column(List<double[]> points, int c) {
        return points.stream().mapToDouble(p -> p[c]).toArray();
    }
}
