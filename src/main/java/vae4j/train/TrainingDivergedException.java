package vae4j.train;

/** The loss became NaN or infinite; the message names the epoch, the batch and the term that blew up. */
public class TrainingDivergedException extends RuntimeException {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
