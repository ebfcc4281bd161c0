package vae4j.eval;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The latent points of a decoded manifold: an {@code n x n} grid over latent dimensions 0 and 1 (the others zero),
 * laid out as the Keras examples draw it: column j takes {@code grid[j]} on dimension 0, row i takes
 * {@code grid[n-1-i]} on dimension 1 (so up is positive).
 */
public final class LatentGrid {
    /** How the grid's coordinates are spaced. */
    public enum Spacing {
        /** Evenly over [-range, range] (the later Keras example: range 4). */
        LINEAR,
        /** Gaussian quantiles of linspace(0.05, 0.95, n): equal prior mass per cell (the 2017 Keras example). */
        INVERSE_CDF
    }

    private LatentGrid() {
    }

    /** The {@code n} coordinate values along one axis, ascending. */
    public static double[] axis(int n, Spacing spacing, double range) {
        if (n < 2) {
            throw new IllegalArgumentException("grid size must be >= 2, got " + n);
        }
        if (!(range > 0)) {
            throw new IllegalArgumentException("grid range must be positive, got " + range);
        }
        double[] v = new double[n];
        NormalDistribution normal = new NormalDistribution(0, 1);
        for (int i = 0; i < n; i++) {
            double t = (double) i / (n - 1);
            v[i] = spacing == Spacing.LINEAR ? -range + 2 * range * t
                    : normal.inverseCumulativeProbability(0.05 + 0.9 * t);
        }
        return v;
    }

    /** Latent points {@code [n*n, latentDim]} row-major, row by row of the picture. */
    public static float[] points(int n, int latentDim, Spacing spacing, double range) {
        if (latentDim < 2) {
            throw new IllegalArgumentException("a 2-D manifold needs a latent size >= 2, got " + latentDim);
        }
        double[] axis = axis(n, spacing, range);
        float[] z = new float[n * n * latentDim];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                int k = (i * n + j) * latentDim;
                z[k] = (float) axis[j];
                z[k + 1] = (float) axis[n - 1 - i];
            }
        }
        return z;
    }
}
