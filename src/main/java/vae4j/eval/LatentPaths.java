package vae4j.eval;

/**
 * Points in latent space along which pictures are decoded: a traversal (one dimension swept while the others keep a
 * code's values, the beta-VAE figure) and interpolations between two codes, linear or spherical (slerp, which keeps
 * the path at the norms typical of a Gaussian prior instead of cutting through its low-norm middle). Points are
 * returned row-major, {@code [steps, latent]}.
 */
public final class LatentPaths {
    private LatentPaths() {
    }

    /** {@code steps} evenly spaced values from {@code -range} to {@code range}. */
    public static double[] sweep(int steps, double range) {
        if (steps < 2) {
            throw new IllegalArgumentException("--steps must be >= 2, got " + steps);
        }
        double[] v = new double[steps];
        for (int i = 0; i < steps; i++) {
            v[i] = -range + 2 * range * i / (steps - 1);
        }
        return v;
    }

    /** {@code code} with dimension {@code dim} set to each of {@link #sweep}'s values: {@code [steps, latent]}. */
    public static float[] traversal(float[] code, int dim, int steps, double range) {
        int d = code.length;
        if (dim < 0 || dim >= d) {
            throw new IllegalArgumentException("latent dimension " + dim + " is outside 0.." + (d - 1));
        }
        double[] values = sweep(steps, range);
        float[] out = new float[steps * d];
        for (int i = 0; i < steps; i++) {
            System.arraycopy(code, 0, out, i * d, d);
            out[i * d + dim] = (float) values[i];
        }
        return out;
    }

    /** {@code (1 - t) a + t b} for t = 0, 1/(steps-1), ..., 1: {@code [steps, latent]}. */
    public static float[] linear(float[] a, float[] b, int steps) {
        check(a, b, steps);
        int d = a.length;
        float[] out = new float[steps * d];
        for (int i = 0; i < steps; i++) {
            double t = (double) i / (steps - 1);
            for (int j = 0; j < d; j++) {
                out[i * d + j] = (float) ((1 - t) * a[j] + t * b[j]);
            }
        }
        return out;
    }

    /**
     * Spherical interpolation: {@code sin((1-t) w)/sin(w) a + sin(t w)/sin(w) b} with w the angle between a and b
     * (linear where they are (anti)parallel within 1e-6 or one is zero): {@code [steps, latent]}.
     */
    public static float[] spherical(float[] a, float[] b, int steps) {
        check(a, b, steps);
        double na = 0;
        double nb = 0;
        double dot = 0;
        for (int j = 0; j < a.length; j++) {
            na += (double) a[j] * a[j];
            nb += (double) b[j] * b[j];
            dot += (double) a[j] * b[j];
        }
        if (na == 0 || nb == 0) {
            return linear(a, b, steps);
        }
        double cos = Math.max(-1, Math.min(1, dot / Math.sqrt(na * nb)));
        double w = Math.acos(cos);
        double sin = Math.sin(w);
        if (sin < 1e-6) {
            return linear(a, b, steps);
        }
        int d = a.length;
        float[] out = new float[steps * d];
        for (int i = 0; i < steps; i++) {
            double t = (double) i / (steps - 1);
            double ca = Math.sin((1 - t) * w) / sin;
            double cb = Math.sin(t * w) / sin;
            for (int j = 0; j < d; j++) {
                out[i * d + j] = (float) (ca * a[j] + cb * b[j]);
            }
        }
        return out;
    }

    private static void check(float[] a, float[] b, int steps) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("codes of different sizes: " + a.length + " and " + b.length);
        }
        if (steps < 2) {
            throw new IllegalArgumentException("--steps must be >= 2, got " + steps);
        }
    }
}
