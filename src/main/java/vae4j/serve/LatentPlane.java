package vae4j.serve;

import java.util.Locale;
import vae4j.eval.LatentCodes;
import vae4j.eval.Pca;

/**
 * The plane the page draws: each example's posterior mean seen in two coordinates, and the way back from a point of
 * the plane to a latent vector, {@code z = origin + x * axisX + y * axisY}. A latent of 2 is drawn as it is; a larger
 * one on two chosen dimensions (the others at the data's mean) or on its first two principal components (through the
 * data's mean).
 *
 * @param kind   {@code latent}, {@code dims} or {@code pca}
 * @param x      {@code [n]} first coordinate of each example
 * @param y      {@code [n]} second coordinate
 * @param origin {@code [latent]} the latent vector at (0, 0)
 * @param axisX  {@code [latent]} the latent direction of the first coordinate
 * @param axisY  {@code [latent]} the latent direction of the second coordinate
 * @param labelX the first axis' name, e.g. {@code z[0]} or {@code PC1 (41%)}
 * @param labelY the second axis' name
 */
public record LatentPlane(String kind, double[] x, double[] y, double[] origin, double[] axisX, double[] axisY,
                          String labelX, String labelY) {

    /** The plane of {@code codes}: {@code dims} (two dimensions) if given, else the latent itself or its PCA. */
    public static LatentPlane of(LatentCodes codes, int[] dims) {
        int n = codes.size();
        int d = codes.latentDim();
        double[] mean = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                mean[j] += (double) codes.mean(i, j) / n;
            }
        }
        if (d == 1) {
            throw new IllegalArgumentException("the explorer needs a latent size of at least 2, this model has 1");
        }
        if (d == 2 || dims != null) {
            int a = dims == null ? 0 : dims[0];
            int b = dims == null ? 1 : dims[1];
            if (dims != null && (dims.length != 2 || a < 0 || b < 0 || a >= d || b >= d || a == b)) {
                throw new IllegalArgumentException("--dims must name two different dimensions in 0.." + (d - 1));
            }
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = codes.mean(i, a);
                y[i] = codes.mean(i, b);
            }
            double[] origin = mean.clone();
            origin[a] = 0;
            origin[b] = 0;
            double[] ax = new double[d];
            double[] ay = new double[d];
            ax[a] = 1;
            ay[b] = 1;
            return new LatentPlane(d == 2 ? "latent" : "dims", x, y, origin, ax, ay, "z[" + a + "]", "z[" + b + "]");
        }
        Pca p = Pca.project(codes.mean(), n, d);
        // The components themselves: for a projection x_i = (z_i - mean) . v onto a unit eigenvector v of the
        // covariance with eigenvalue lambda, Cov(z, x) = lambda v and Var(x) = lambda, so v = Cov(z, x) / Var(x).
        return new LatentPlane("pca", p.x(), p.y(), mean, component(codes, mean, p.x()), component(codes, mean, p.y()),
                String.format(Locale.ROOT, "PC1 (%.0f%% of variance)", 100 * p.explained1()),
                String.format(Locale.ROOT, "PC2 (%.0f%% of variance)", 100 * p.explained2()));
    }

    private static double[] component(LatentCodes codes, double[] mean, double[] proj) {
        int n = codes.size();
        int d = codes.latentDim();
        double var = 0;
        double[] cov = new double[d];
        for (int i = 0; i < n; i++) {
            var += proj[i] * proj[i];
            for (int j = 0; j < d; j++) {
                cov[j] += (codes.mean(i, j) - mean[j]) * proj[i];
            }
        }
        for (int j = 0; j < d; j++) {
            cov[j] = var > 0 ? cov[j] / var : 0;
        }
        return cov;
    }

    /** The latent vector at plane point ({@code px}, {@code py}): {@code [latent]}. */
    public float[] toLatent(double px, double py) {
        float[] z = new float[origin.length];
        for (int j = 0; j < z.length; j++) {
            z[j] = (float) (origin[j] + px * axisX[j] + py * axisY[j]);
        }
        return z;
    }
}
