package vae4j.serve;

/** A request the explorer refuses: an HTTP status and one line that says why (sent as {@code {"error": ...}}). */
public final class ApiException extends RuntimeException {
    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status: 400 bad value, 404 unknown path or index, 405 method, 414 query too long, 503 busy. */
    public int status() {
        return status;
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, message);
    }
}
