package dev.hoshu.broker.audit;

/** The audit log cannot be written; the act it was to record must be refused. */
public class AuditUnavailableException extends RuntimeException {

    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
