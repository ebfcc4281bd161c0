package vae4j.train;

import java.util.Locale;

/**
 * What training optimises: the ELBO, optionally shaped (beta-VAE weight, linear KL warm-up, cyclical KL annealing,
 * free bits per latent dimension), or the importance-weighted bound with {@code k} samples. Immutable; every field is
 * validated with the bad value and the option that sets it in the message.
 *
 * @param kind      {@link #ELBO} or {@link #IWAE}
 * @param beta      weight of the KL term (beta-VAE), > 0; the weight that warm-up and cycles ramp up to
 * @param klWarmup  epochs over which the KL weight rises linearly from 0 to beta (0: none)
 * @param klCycles  number of cyclical annealing cycles over the whole run (Fu et al. 2019; 0: none)
 * @param freeBits  floor in nats on each latent dimension's KL, averaged over the batch (Kingma et al. 2016; 0: none)
 * @param k         importance samples per example for {@link #IWAE} (1 for the ELBO)
 */
public record ObjectiveSpec(String kind, double beta, double klWarmup, int klCycles, double freeBits, int k) {
    public static final String ELBO = "elbo";
    public static final String IWAE = "iwae";
    /** The plain ELBO: beta 1, no schedule, no free bits. */
    public static final ObjectiveSpec PLAIN = new ObjectiveSpec(ELBO, 1, 0, 0, 0, 1);
    /** Share of each annealing cycle spent ramping the weight up (the rest holds it at beta), as in Fu et al. */
    public static final double CYCLE_RAMP = 0.5;

    public ObjectiveSpec {
        kind = kind == null ? ELBO : kind.trim().toLowerCase(Locale.ROOT);
        if (!kind.equals(ELBO) && !kind.equals(IWAE)) {
            throw new IllegalArgumentException("--objective must be elbo or iwae, got '" + kind + "'");
        }
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("--beta must be a positive number, got " + beta);
        }
        if (!(klWarmup >= 0) || Double.isInfinite(klWarmup)) {
            throw new IllegalArgumentException("--kl-warmup must be >= 0 epochs, got " + klWarmup);
        }
        if (klCycles < 0) {
            throw new IllegalArgumentException("--kl-cycles must be >= 0, got " + klCycles);
        }
        if (!(freeBits >= 0) || Double.isInfinite(freeBits)) {
            throw new IllegalArgumentException("--free-bits must be >= 0 nats, got " + freeBits);
        }
        if (k < 1) {
            throw new IllegalArgumentException("--k must be >= 1, got " + k);
        }
        if (klWarmup > 0 && klCycles > 0) {
            throw new IllegalArgumentException("--kl-warmup and --kl-cycles are two schedules of the KL weight; give"
                    + " one of them");
        }
        if (kind.equals(ELBO) && k != 1) {
            throw new IllegalArgumentException("--k " + k + " needs --objective iwae (the ELBO uses one sample)");
        }
        if (kind.equals(IWAE) && (beta != 1 || klWarmup > 0 || klCycles > 0 || freeBits > 0)) {
            throw new IllegalArgumentException("--beta, --kl-warmup, --kl-cycles and --free-bits shape the ELBO;"
                    + " they cannot be combined with --objective iwae");
        }
    }

    /** True for the unshaped ELBO (what {@link vae4j.model.Vae#loss} computes). */
    public boolean plain() {
        return kind.equals(ELBO) && beta == 1 && klWarmup == 0 && klCycles == 0 && freeBits == 0;
    }

    /**
     * The KL weight at a point of the run.
     *
     * @param epochsDone training done before this step, in epochs (fractional: epoch e, batch b of n is
     *                   {@code e - 1 + (b - 1) / n})
     * @param epochs     the run's length in epochs (cycles divide it)
     */
    public double betaAt(double epochsDone, int epochs) {
        if (klWarmup > 0) {
            return beta * Math.min(1, epochsDone / klWarmup);
        }
        if (klCycles > 0) {
            double period = (double) epochs / klCycles;
            double tau = (epochsDone % period) / period;
            return beta * Math.min(1, tau / CYCLE_RAMP);
        }
        return beta;
    }

    /** One line for logs, e.g. {@code iwae k=5} or {@code elbo beta=4 free-bits=0.5}. */
    public String describe() {
        if (kind.equals(IWAE)) {
            return "iwae k=" + k;
        }
        StringBuilder s = new StringBuilder("elbo");
        if (beta != 1) {
            s.append(" beta=").append(fmt(beta));
        }
        if (klWarmup > 0) {
            s.append(" kl-warmup=").append(fmt(klWarmup));
        }
        if (klCycles > 0) {
            s.append(" kl-cycles=").append(klCycles);
        }
        if (freeBits > 0) {
            s.append(" free-bits=").append(fmt(freeBits));
        }
        return s.toString();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Double.toString(v);
    }
}
