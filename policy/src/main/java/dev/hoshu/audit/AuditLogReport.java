package dev.hoshu.audit;

/**
 * What {@link AuditLogVerifier} found.
 *
 * @param intact          every line chains correctly (and each file links to the one before)
 * @param lines           lines read
 * @param firstBrokenLine 1-based line where the chain breaks, 0 if none
 * @param previous        the header's link to the previous file's last hash, {@code null} for the first file
 * @param lastHash        the {@code h} of the last line read, which the next file's header must name
 * @param message         one line, e.g. {@code broken at line 7: hash does not match …}
 */
public record AuditLogReport(boolean intact, int lines, int firstBrokenLine, String previous, String lastHash,
                             String message) {

    static AuditLogReport broken(int line, String why) {
        return new AuditLogReport(false, line, line, null, null, "broken at line " + line + ": " + why);
    }
}
