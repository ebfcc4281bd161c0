package vae4j.data;

import java.io.IOException;
import java.nio.file.Path;

/** A file that is not a valid IDX file of the expected kind; the message names the file and what was wrong. */
public class IdxFormatException extends IOException {
    private final Path path;

    public IdxFormatException(Path path, String problem) {
        super(path + ": " + problem);
        this.path = path;
    }

    public IdxFormatException(Path path, String problem, Throwable cause) {
        super(path + ": " + problem, cause);
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
