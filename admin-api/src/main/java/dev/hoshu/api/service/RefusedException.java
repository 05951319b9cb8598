package dev.hoshu.api.service;

/**
 * A refusal the user sees as one line (for example {@code denied: grant g-42 ended at 10:00 JST}), answered
 * with the given status and {@code {"error": message}}. Anything else a service throws is a 500.
 */
public class RefusedException extends RuntimeException {

    /** The HTTP outcome of a refusal; {@code UNAVAILABLE} when the broker cannot vouch for the act (no audit log). */
    public enum Status { BAD_REQUEST, FORBIDDEN, NOT_FOUND, CONFLICT, UNAVAILABLE }

    private final Status status;

    public RefusedException(Status status, String message) {
        // No stack trace: a refusal is an answer, not a fault.
        super(message, null, false, false);
        this.status = status;
    }

    public Status status() {
        return status;
    }

    public static RefusedException badRequest(String message) {
        return new RefusedException(Status.BAD_REQUEST, message);
    }

    public static RefusedException forbidden(String message) {
        return new RefusedException(Status.FORBIDDEN, message);
    }

    public static RefusedException notFound(String message) {
        return new RefusedException(Status.NOT_FOUND, message);
    }

    public static RefusedException conflict(String message) {
        return new RefusedException(Status.CONFLICT, message);
    }

    public static RefusedException unavailable(String message) {
        return new RefusedException(Status.UNAVAILABLE, message);
    }
}
