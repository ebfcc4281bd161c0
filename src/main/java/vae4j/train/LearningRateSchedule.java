package vae4j.train;

/**
 * How the learning rate moves during a run: {@code constant}, or the IWAE paper's schedule (Burda et al. 2015,
 * section 5): stages i = 0..7 of 3^i passes each, at {@code base * 10^(-i/7)}; {@code passesScale} multiplies every
 * stage's passes (rounded, at least 1), so that 1 is the paper's 3,280 passes and 0.01 a 36-pass rehearsal. Epochs
 * past the last stage stay at its rate.
 *
 * @param kind        {@link #CONSTANT} or {@link #IWAE}
 * @param passesScale the stage-length multiplier of the IWAE schedule (> 0; 1 for constant)
 */
public record LearningRateSchedule(String kind, double passesScale) {
    public static final String CONSTANT = "constant";
    public static final String IWAE = "iwae";
    public static final LearningRateSchedule NONE = new LearningRateSchedule(CONSTANT, 1);
    private static final int STAGES = 8;

    public LearningRateSchedule {
        if (!CONSTANT.equals(kind) && !IWAE.equals(kind)) {
            throw new IllegalArgumentException("learning-rate schedule must be constant or iwae, got '" + kind + "'");
        }
        if (!(passesScale > 0) || Double.isInfinite(passesScale)) {
            throw new IllegalArgumentException("--passes-scale must be a positive number, got " + passesScale);
        }
    }

    /** The IWAE paper's schedule with stage lengths scaled by {@code passesScale}. */
    public static LearningRateSchedule iwae(double passesScale) {
        return new LearningRateSchedule(IWAE, passesScale);
    }

    /** Passes of stage {@code i}. */
    public int stagePasses(int i) {
        return (int) Math.max(1, Math.round(Math.pow(3, i) * passesScale));
    }

    /** The schedule's length in epochs (for constant: none, 0). */
    public int epochs() {
        if (kind.equals(CONSTANT)) {
            return 0;
        }
        int n = 0;
        for (int i = 0; i < STAGES; i++) {
            n += stagePasses(i);
        }
        return n;
    }

    /** The learning rate of epoch {@code epoch} (1-based) for base rate {@code base}. */
    public double rateAt(int epoch, double base) {
        if (kind.equals(CONSTANT)) {
            return base;
        }
        int end = 0;
        for (int i = 0; i < STAGES; i++) {
            end += stagePasses(i);
            if (epoch <= end) {
                return base * Math.pow(10, -i / 7.0);
            }
        }
        return base * Math.pow(10, -(STAGES - 1) / 7.0);
    }
}
