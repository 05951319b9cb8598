package dev.hoshu.broker.gateway.transfer;

/**
 * One file operation of a transfer session, finished: what the recording's {@code file} event and the
 * {@code session.transfer} audit event say.
 *
 * @param op     {@code download}, {@code upload}, {@code remove}, {@code rename}, {@code mkdir}, {@code rmdir}, {@code link}
 * @param path   as the engineer named it in the session's area ({@code /<tool>/<folder>/<file>})
 * @param size   bytes that passed, in file order from offset 0
 * @param sha256 hex SHA-256 of those bytes, or {@code null} when they did not pass contiguously
 * @param result {@code ok}, or the device's one-line refusal (or the SFTP status it answered)
 */
public record TransferredFile(String op, String path, long size, String sha256, String result) {

    public static final String OK = "ok";

    public boolean succeeded() {
        return OK.equals(result);
    }
}
