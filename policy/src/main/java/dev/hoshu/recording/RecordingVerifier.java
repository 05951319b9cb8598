package dev.hoshu.recording;

import dev.hoshu.chain.StrictLines;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks a recording's hash chain and seal and names the first line that breaks them (REQ-REC-3).
 * A recording that is intact but unsealed is reported as such, not as broken: the broker may have
 * stopped mid-session, and what was recorded is still trustworthy up to that point.
 */
public final class RecordingVerifier {

    /** Far above any line the broker writes (it chunks output), low enough to bound memory on hostile files. */
    static final int MAX_LINE_BYTES = 8 * 1024 * 1024;

    /**
     * @param sealKeys finds the public key for the header's {@code sealKey} id; empty leaves the seal unchecked
     */
    public VerificationReport verify(List<String> lines, Function<String, Optional<PublicKey>> sealKeys) {
        ChainCheck check = new ChainCheck(sealKeys);
        for (String line : lines) {
            VerificationReport broken = check.accept(line);
            if (broken != null) {
                return broken;
            }
        }
        return check.finish();
    }

    /** Streams the file line by line, decoding each line as strict UTF-8 so a bad byte is blamed on its line. */
    public VerificationReport verify(Path file, Function<String, Optional<PublicKey>> sealKeys) throws IOException {
        ChainCheck check = new ChainCheck(sealKeys);
        try (StrictLines lines = new StrictLines(Files.newInputStream(file), MAX_LINE_BYTES)) {
            for (StrictLines.Line line = lines.next(); line != null; line = lines.next()) {
                if (line.problem() != null) {
                    return VerificationReport.broken(line.number(), line.problem());
                }
                VerificationReport broken = check.accept(line.text());
                if (broken != null) {
                    return broken;
                }
            }
        }
        return check.finish();
    }
}
