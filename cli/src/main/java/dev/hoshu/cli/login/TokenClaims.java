package dev.hoshu.cli.login;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The claims of a JWT access token, read only to greet the user ("engineer, medserve") and to recognise the
 * user's own requests (the broker names an engineer by the token's {@code sub}, which an OIDC provider may make
 * an opaque id). The CLI never trusts them for anything: the broker verifies the signature on every call.
 */
public record TokenClaims(String organisation, List<String> roles, String username, String subject) {

    public TokenClaims {
        roles = List.copyOf(roles);
    }

    public static TokenClaims readUnverified(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return new TokenClaims(null, List.of(), null, null);
        }
        try {
            JsonNode claims = JsonMapper.shared().readTree(
                    new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            List<String> roles = new ArrayList<>();
            claims.path("roles").values().forEach(role -> roles.add(role.asString("")));
            // An OIDC provider's subject is often an opaque id; the name the user signs in with is friendlier.
            String username = claims.path("preferred_username").asString(claims.path("sub").asString(null));
            return new TokenClaims(claims.path("org").asString(null), roles, username, claims.path("sub").asString(null));
        } catch (IllegalArgumentException | JacksonException e) {
            return new TokenClaims(null, List.of(), null, null);
        }
    }

    /** {@code engineer, medserve}: the roles, then the organisation. */
    public String describe() {
        List<String> words = new ArrayList<>(roles);
        if (organisation != null) {
            words.add(organisation);
        }
        return String.join(", ", words);
    }
}
