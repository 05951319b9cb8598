package dev.hoshu.cli.login;

import dev.hoshu.cli.http.BrokerCallFailed;

/** Reads the access token out of a successful token-endpoint answer (RFC 6749 §5.1). */
final class TokenAnswers {

    /** A token that lives longer than a day is not what any sane provider issues to a CLI; refuse to keep it. */
    static final long MAX_LIFETIME_SECONDS = 24 * 3600;

    private TokenAnswers() {
    }

    static IssuedToken accessToken(IdentityProviderHttp.Answer answer) {
        String token = answer.json().path("access_token").asString(null);
        long expiresIn = answer.json().path("expires_in").asLong(0);
        if (token == null || token.isBlank() || token.length() > 64 * 1024 || expiresIn <= 0) {
            throw new BrokerCallFailed("login refused: the identity provider's answer has no usable access_token/expires_in");
        }
        return new IssuedToken(token, Math.min(expiresIn, MAX_LIFETIME_SECONDS));
    }
}
