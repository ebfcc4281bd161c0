package vae4j.eval;

import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.stat.correlation.Covariance;

/**
 * A 2-D principal-component projection of {@code [n, d]} points, for plotting latent spaces with more than two
 * dimensions.
 *
 * @param x            first principal coordinate of each point {@code [n]}
 * @param y            second principal coordinate {@code [n]}
 * @param explained1   share of the total variance along the first component
 * @param explained2   share along the second
 */
public record Pca(double[] x, double[] y, double explained1, double explained2) {

    /** Projects {@code points} ({@code [n, d]} row-major, d >= 2, n >= 2) onto its two leading components. */
    public static Pca project(float[] points, int n, int d) {
        if (d < 2 || n < 2) {
            throw new IllegalArgumentException("PCA needs at least 2 points of 2 dimensions, got " + n + " x " + d);
        }
        double[][] data = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                data[i][j] = points[i * d + j];
            }
        }
        RealMatrix cov = new Covariance(data, false).getCovarianceMatrix();
        EigenDecomposition eig = new EigenDecomposition(cov);
        double[] values = eig.getRealEigenvalues();
        Integer[] order = new Integer[d];
        for (int j = 0; j < d; j++) {
            order[j] = j;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        double[] v1 = eig.getEigenvector(order[0]).toArray();
        double[] v2 = eig.getEigenvector(order[1]).toArray();
        double[] mean = new double[d];
        for (double[] row : data) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j] / n;
            }
        }
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double c = data[i][j] - mean[j];
                x[i] += c * v1[j];
                y[i] += c * v2[j];
            }
        }
        double total = 0;
        for (double v : values) {
            total += Math.max(0, v);
        }
        return new Pca(x, y, values[order[0]] / total, values[order[1]] / total);
    }
}
