package dev.hoshu.tools;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A compact JWS with detached payload ({@code header..signature}), as read from {@code manifest.json.jws}.
 *
 * @param encodedHeader the header exactly as transmitted; the signature covers these characters
 */
record DetachedJws(String encodedHeader, String alg, String kid, byte[] signature) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern COMPACT = Pattern.compile("^([A-Za-z0-9_-]{1,4096})\\.\\.([A-Za-z0-9_-]{1,1024})$");

    static String header(String kid) {
        ObjectNode header = JSON.createObjectNode();
        header.put("alg", "EdDSA");
        header.put("kid", kid);
        return base64Url(JSON.writeValueAsBytes(header));
    }

    static byte[] signingInput(String encodedHeader, byte[] payload) {
        return (encodedHeader + "." + base64Url(payload)).getBytes(StandardCharsets.US_ASCII);
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * @throws IllegalArgumentException with a one-line reason if this is not a detached compact JWS
     *         whose header this verifier understands
     */
    static DetachedJws parse(String compact) {
        var m = COMPACT.matcher(compact.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("is not a detached JWS (header..signature)");
        }
        JsonNode header;
        try {
            header = JSON.readTree(Base64.getUrlDecoder().decode(m.group(1)));
        } catch (IllegalArgumentException | JacksonException e) {
            throw new IllegalArgumentException("has an unreadable JWS header");
        }
        if (header == null || !header.isObject()) {
            throw new IllegalArgumentException("has an unreadable JWS header");
        }
        // A critical extension we do not implement would change the meaning of the signature.
        if (header.has("crit") || header.has("b64")) {
            throw new IllegalArgumentException("uses JWS header extensions this verifier does not support");
        }
        JsonNode alg = header.get("alg");
        JsonNode kid = header.get("kid");
        return new DetachedJws(m.group(1), alg != null && alg.isString() ? alg.asString() : String.valueOf(alg),
                kid != null && kid.isString() ? kid.asString() : null, Base64.getUrlDecoder().decode(m.group(2)));
    }

    boolean verifies(byte[] payload, PublicKey key) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(signingInput(encodedHeader, payload));
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
