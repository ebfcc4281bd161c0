package vae4j.eval;

import java.util.List;

/**
 * The anomaly scores of one example, all in nats and all "higher is more anomalous".
 *
 * @param index          the example's position in the data it was read from
 * @param label          its label ({@code -1} when the data has none)
 * @param reconstruction E_q[-log p(x|z)], averaged over the k samples
 * @param kl             KL(q(z|x) || N(0, I)), analytic
 * @param negLogPx       the importance-weighted estimate of -log p(x) with k samples (an upper bound that falls
 *                       towards -log p(x) as k grows)
 * @param compressedNats the example's lossless compressed length in nats (PNG for images, deflate of the float32
 *                       values for table rows): the complexity term of Serra et al. 2020
 * @param topColumn      tables: the column with the largest reconstruction term (null for images)
 * @param topShare       that column's share of the positive parts of the per-column reconstruction terms (NaN for
 *                       images)
 */
public record ExampleScore(int index, int label, double reconstruction, double kl, double negLogPx,
                           double compressedNats, String topColumn, double topShare) {
    /** The score names, in CSV column order. */
    public static final List<String> NAMES = List.of("neg_elbo", "recon", "kl", "neg_log_px", "corrected");

    /** The negative ELBO: reconstruction + KL. */
    public double negElbo() {
        return reconstruction + kl;
    }

    /** -log p(x) minus the compressed length: high for examples the model finds unlikely for their complexity. */
    public double corrected() {
        return negLogPx - compressedNats;
    }

    /** The score called {@code name} (one of {@link #NAMES}). */
    public double value(String name) {
        return switch (name) {
            case "neg_elbo" -> negElbo();
            case "recon" -> reconstruction;
            case "kl" -> kl;
            case "neg_log_px" -> negLogPx;
            case "corrected" -> corrected();
            default -> throw new IllegalArgumentException("unknown score '" + name + "' (expected one of "
                    + String.join(", ", NAMES) + ")");
        };
    }
}
