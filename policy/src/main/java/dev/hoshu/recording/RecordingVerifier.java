package dev.hoshu.recording;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        int lineNumber = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            while (readLine(in, raw)) {
                lineNumber++;
                if (raw.size() > MAX_LINE_BYTES) {
                    return VerificationReport.broken(lineNumber, "line longer than " + MAX_LINE_BYTES + " bytes");
                }
                String line;
                try {
                    line = utf8.decode(ByteBuffer.wrap(raw.toByteArray())).toString();
                } catch (CharacterCodingException e) {
                    return VerificationReport.broken(lineNumber, "not UTF-8");
                }
                VerificationReport broken = check.accept(line);
                if (broken != null) {
                    return broken;
                }
            }
        }
        return check.finish();
    }

    /** Reads up to the next {@code \n} (not included); stops collecting past the limit but keeps counting. */
    private static boolean readLine(InputStream in, ByteArrayOutputStream line) throws IOException {
        line.reset();
        int b = in.read();
        if (b < 0) {
            return false;
        }
        while (b >= 0 && b != '\n') {
            if (line.size() <= MAX_LINE_BYTES) {
                line.write(b);
            }
            b = in.read();
        }
        return true;
    }
}
