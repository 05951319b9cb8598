package dev.hoshu.api.devissuer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Checks a demo user's password and mints their RS256 access token. */
public final class DevTokens {

    /**
     * The audience every development token is for, and the only one the quickstart's API accepts: a
     * token minted for another application must not open Hoshu's API.
     */
    public static final String AUDIENCE = "hoshu";

    /** A minted token and how many seconds it lives. */
    public record AccessToken(String value, long expiresInSeconds) {
    }

    private final RSAKey key;
    private final String issuer;
    private final Duration lifetime;
    private final Map<String, DemoUser> users;
    private final Clock clock;

    DevTokens(RSAKey key, DevIssuerProperties properties, Clock clock) {
        this.key = key;
        this.issuer = properties.issuer();
        this.lifetime = properties.tokenLifetime();
        this.users = properties.users().stream()
                .collect(java.util.stream.Collectors.toUnmodifiableMap(DemoUser::username, u -> u, (a, b) -> a));
        this.clock = clock;
    }

    public String issuer() {
        return issuer;
    }

    RSAKey key() {
        return key;
    }

    /** A token for the user, or empty when the user is unknown or the password wrong (the caller cannot tell which). */
    Optional<AccessToken> login(String username, String password) {
        return user(username, password).map(this::mint);
    }

    /** The demo user with this password, or empty when the user is unknown or the password wrong. */
    Optional<DemoUser> user(String username, String password) {
        DemoUser user = username == null ? null : users.get(username);
        String expected = user == null ? "\0no such user" : user.password();
        boolean match = MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                (password == null ? "" : password).getBytes(StandardCharsets.UTF_8));
        return user != null && match ? Optional.of(user) : Optional.empty();
    }

    /**
     * The OpenID Connect ID token of a console login: who logged in, for the console's client, bound to the
     * login's nonce. The console acts with the access token; this one only proves the login to the client.
     */
    String idToken(DemoUser user, String clientId, String nonce) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(clientId)
                .subject(user.username())
                .claim("name", user.name())
                .claim("amr", List.of("pwd", "otp"))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)));
        if (nonce != null) {
            claims.claim("nonce", nonce);
        }
        return sign(claims.build());
    }

    AccessToken mint(DemoUser user) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(AUDIENCE)
                .subject(user.username())
                .claim("name", user.name())
                .claim("org", user.org())
                .claim("roles", user.roles())
                // Demo logins claim password+OTP so the quickstart exercises the MFA check; the "demo" flag says so.
                .claim("amr", List.of("pwd", "otp"))
                .claim("demo", true)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        return new AccessToken(sign(claims), lifetime.toSeconds());
    }

    private String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a dev token", e);
        }
        return jwt.serialize();
    }
}
