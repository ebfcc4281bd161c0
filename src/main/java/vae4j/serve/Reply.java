package vae4j.serve;

import java.nio.charset.StandardCharsets;

/** A response body with its content type. */
public record Reply(String contentType, byte[] body) {
    static final String JSON = "application/json; charset=utf-8";
    static final String PNG = "image/png";

    static Reply json(String text) {
        return new Reply(JSON, text.getBytes(StandardCharsets.UTF_8));
    }
}
