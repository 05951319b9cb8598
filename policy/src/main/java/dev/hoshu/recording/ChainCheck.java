package dev.hoshu.recording;

import dev.hoshu.access.Names;
import dev.hoshu.chain.ChainedLine;
import dev.hoshu.chain.ParsedLine;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;

/** Walks a recording line by line, so a long recording is checked without holding it in memory. */
final class ChainCheck {

    private final Function<String, Optional<PublicKey>> sealKeys;
    private int line;
    private String lastHash;
    private String sealKey;
    private boolean sealSeen;
    private boolean sealChecked;

    ChainCheck(Function<String, Optional<PublicKey>> sealKeys) {
        this.sealKeys = sealKeys;
    }

    /** @return a report if this line breaks the chain, else {@code null} */
    VerificationReport accept(String text) {
        line++;
        if (sealSeen) {
            return VerificationReport.broken(line, "line after the seal (appended)");
        }
        ParsedLine parsed = ParsedLine.of(text);
        if (parsed.problem() != null) {
            return VerificationReport.broken(line, parsed.problem());
        }
        JsonNode node = parsed.json();
        ChainedLine.Parts parts = parsed.parts();
        String kind = parsed.kind();
        if (line == 1) {
            if (!"header".equals(kind) || node.path("v").asInt(0) != 1 || parts.signature() != null) {
                return VerificationReport.broken(line, "not a version 1 recording header");
            }
            sealKey = node.path("sealKey").isString() ? node.get("sealKey").asString() : null;
            return checkHash(parts, ChainedLine.firstHash(parts.body()));
        }
        long expectedIndex = line - 1;
        String badIndex = parsed.indexProblem(expectedIndex);
        if (badIndex != null) {
            return VerificationReport.broken(line, badIndex);
        }
        if (kind == null) {
            return VerificationReport.broken(line, "no event kind");
        }
        VerificationReport hashBreak = checkHash(parts, ChainedLine.nextHash(lastHash, parts.body()));
        if (hashBreak != null) {
            return hashBreak;
        }
        if ("seal".equals(kind)) {
            return checkSeal(node, parts, expectedIndex);
        }
        if (parts.signature() != null) {
            return VerificationReport.broken(line, "signature on a line that is not the seal");
        }
        return null;
    }

    VerificationReport finish() {
        if (line == 0) {
            return VerificationReport.broken(1, "empty recording (no header)");
        }
        if (sealChecked) {
            return new VerificationReport(true, true, line, 0,
                    "ok: " + line + " lines, chain intact, sealed by " + sealKey);
        }
        if (sealSeen) {
            return new VerificationReport(true, false, line, 0, "intact: " + line + " lines, but seal key "
                    + Names.printable(sealKey) + " is not known, so the seal was not checked");
        }
        return new VerificationReport(true, false, line, 0,
                "intact up to line " + line + ", not sealed (broker stopped before the end)");
    }

    private VerificationReport checkHash(ChainedLine.Parts parts, String expected) {
        if (!expected.equals(parts.hash())) {
            return VerificationReport.broken(line, "hash does not match (edited, inserted or reordered)");
        }
        lastHash = parts.hash();
        return null;
    }

    private VerificationReport checkSeal(JsonNode node, ChainedLine.Parts parts, long index) {
        sealSeen = true;
        if (!node.path("events").isIntegralNumber() || node.get("events").asLong() != index - 1) {
            return VerificationReport.broken(line, "seal counts " + Names.printable(node.path("events").toString())
                    + " events where the chain has " + (index - 1));
        }
        if (parts.signature() == null) {
            return VerificationReport.broken(line, "seal has no signature");
        }
        Optional<PublicKey> key = sealKey == null ? Optional.empty() : sealKeys.apply(sealKey);
        if (key.isEmpty()) {
            return null;
        }
        if (!signatureVerifies(key.get(), parts)) {
            return VerificationReport.broken(line, "seal signature does not verify");
        }
        sealChecked = true;
        return null;
    }

    private static boolean signatureVerifies(PublicKey key, ChainedLine.Parts parts) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(parts.hash().getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(Base64.getUrlDecoder().decode(parts.signature()));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
