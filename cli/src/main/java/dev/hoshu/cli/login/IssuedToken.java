package dev.hoshu.cli.login;

/** An access token and how many seconds the issuer says it lives. */
public record IssuedToken(String accessToken, long expiresInSeconds) {
}
