package dev.hoshu.recording;

/**
 * What {@link RecordingVerifier} found.
 *
 * @param intact          every line present chains correctly
 * @param sealed          the chain ends in a seal whose signature verified
 * @param lines           lines read
 * @param firstBrokenLine 1-based line where the chain breaks, 0 if none
 * @param message         one line for the auditor, e.g. {@code broken at line 7: hash does not match …}
 */
public record VerificationReport(boolean intact, boolean sealed, int lines, int firstBrokenLine, String message) {

    static VerificationReport broken(int line, String why) {
        return new VerificationReport(false, false, line, line, "broken at line " + line + ": " + why);
    }
}
