package dev.hoshu.api.devissuer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The codes the development issuer hands the console after a demo login: random, one use, a minute long, bound to
 * the redirect and the PKCE challenge. In memory only: a restart simply makes the user log in again.
 */
final class AuthorizationCodes {

    static final Duration LIFETIME = Duration.ofMinutes(1);
    /** Enough for a room of demo users; beyond it a flood of half-done logins cannot grow the heap. */
    static final int MAX_PENDING = 1000;

    private record Pending(DemoUser user, ConsoleLoginRequest request, Instant expiresAt) {
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    AuthorizationCodes(Clock clock) {
        this.clock = clock;
    }

    /** A new code for this login, or empty when too many are pending. */
    Optional<String> issue(DemoUser user, ConsoleLoginRequest request) {
        Instant now = clock.instant();
        pending.values().removeIf(p -> p.expiresAt().isBefore(now));
        if (pending.size() >= MAX_PENDING) {
            return Optional.empty();
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        pending.put(code, new Pending(user, request, now.plus(LIFETIME)));
        return Optional.of(code);
    }

    /**
     * The user and login a code stands for, once: the code is gone after the first attempt, right or wrong, so a
     * stolen code cannot be tried against several verifiers.
     */
    Optional<Redeemed> redeem(String code, String clientId, String redirectUri, String verifier) {
        Pending found = code == null ? null : pending.remove(code);
        if (found == null || found.expiresAt().isBefore(clock.instant())
                || !found.request().clientId().equals(clientId)
                || !found.request().redirectUri().equals(redirectUri)
                || verifier == null || !verifier.matches("[A-Za-z0-9._~-]{43,128}")
                || !MessageDigest.isEqual(s256(verifier).getBytes(StandardCharsets.US_ASCII),
                        found.request().codeChallenge().getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return Optional.of(new Redeemed(found.user(), found.request()));
    }

    record Redeemed(DemoUser user, ConsoleLoginRequest request) {
    }

    private static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
