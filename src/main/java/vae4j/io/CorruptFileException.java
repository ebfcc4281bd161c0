package vae4j.io;

import java.io.IOException;
import java.nio.file.Path;

/** A file of ours (weights, config) that is truncated or malformed; the message names the file and the problem. */
public class CorruptFileException extends IOException {
    public CorruptFileException(Path path, String problem) {
        super(path + ": " + problem);
    }
}
