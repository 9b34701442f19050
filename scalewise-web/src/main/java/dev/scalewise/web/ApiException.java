package dev.scalewise.web;

/**
 * A request the API refuses, with the HTTP status to answer and a message for the user. The server turns it into
 * {@code {"error": message}} with that status.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    /**
     * @param status  HTTP status (4xx)
     * @param message what was wrong, naming the parameter and value
     */
    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** 400 Bad Request. */
    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    /** 404 Not Found. */
    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    /** The HTTP status to answer. */
    public int status() {
        return status;
    }
}
