package vae4j.engine;

/** The native engine could not be set up (missing natives, a failed load). */
public class EngineException extends RuntimeException {
    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
