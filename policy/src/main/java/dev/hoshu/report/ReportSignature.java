package dev.hoshu.report;

import dev.hoshu.tools.KeyIds;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.util.Base64;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A detached Ed25519 signature over the exact bytes of one report file, kept beside it as one line of JSON:
 * {@code {"algorithm":"Ed25519","keyId":"sha256:…","signature":"<base64>"}}. Ed25519 (RFC 8032) is deterministic,
 * so signing the same bytes with the same key always gives the same file.
 */
public record ReportSignature(String algorithm, String keyId, String signature) {

    public static final String ED25519 = "Ed25519";
    /** A signature file is about 150 bytes; anything much larger is not one. */
    static final int MAX_BYTES = 4096;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Signs {@code content} with the broker's report key. */
    public static ReportSignature sign(byte[] content, KeyPair key) {
        try {
            Signature signer = Signature.getInstance(ED25519);
            signer.initSign(key.getPrivate());
            signer.update(content);
            return new ReportSignature(ED25519, KeyIds.of(key.getPublic()),
                    Base64.getEncoder().encodeToString(signer.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with Ed25519: " + e.getMessage(), e);
        }
    }

    /** The signature file's bytes: one line of JSON and a newline. */
    public byte[] fileBytes() {
        return (JSON.writeValueAsString(this) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a signature file.
     *
     * @throws IllegalArgumentException with one line saying what is wrong with it
     */
    public static ReportSignature parse(byte[] file) {
        if (file.length > MAX_BYTES) {
            throw new IllegalArgumentException("not a report signature: " + file.length + " bytes, at most "
                    + MAX_BYTES);
        }
        JsonNode json;
        try {
            json = JSON.readTree(file);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a report signature: not JSON");
        }
        if (json == null || !json.isObject() || !json.path("signature").isString() || !json.path("keyId").isString()
                || !json.path("algorithm").isString()) {
            throw new IllegalArgumentException("not a report signature: algorithm, keyId and signature are needed");
        }
        return new ReportSignature(json.path("algorithm").asString(), json.path("keyId").asString(),
                json.path("signature").asString());
    }
}
