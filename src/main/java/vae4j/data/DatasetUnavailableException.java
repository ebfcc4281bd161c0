package vae4j.data;

import java.io.IOException;

/** A data set could not be found, fetched or verified; the message tells the user how to provide it. */
public class DatasetUnavailableException extends IOException {
    public DatasetUnavailableException(String message) {
        super(message);
    }

    public DatasetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
