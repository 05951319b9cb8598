package dev.hoshu.api.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.RefusedException;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

class JwtActorsTest {

    private static final String OPAQUE = "5b0e2c8a-4f1d-4b7e-9a61-0c3d2f8e7a11";

    private static Jwt keycloakToken(Consumer<Jwt.Builder> extra) {
        Jwt.Builder token = Jwt.withTokenValue("t").header("alg", "RS256").subject(OPAQUE)
                .issuedAt(Instant.parse("2026-04-01T00:00:00Z")).expiresAt(Instant.parse("2026-04-01T00:05:00Z"))
                .claim("org", "medserve").claim("roles", List.of("engineer")).claim("preferred_username", "sato");
        extra.accept(token);
        return token.build();
    }

    private static JwtActors readingUserFrom(String claim) {
        return new JwtActors(new IdentityClaims(null, null, null, claim, null, null));
    }

    @Test
    void byDefaultTheSubjectNamesTheUser() {
        Actor actor = new JwtActors(IdentityClaims.defaults()).actorOf(keycloakToken(t -> { }));

        assertEquals(OPAQUE, actor.subject());
    }

    @Test
    void aConfiguredUserClaimNamesTheUserReadably() {
        Actor actor = readingUserFrom("preferred_username").actorOf(keycloakToken(t -> { }));

        assertEquals("sato", actor.subject());
        assertEquals("medserve", actor.organisation());
        assertEquals("sato", actor.displayName(), "without a name claim the readable user name is shown");
    }

    @Test
    void aMissingUserClaimRefusesTheTokenInsteadOfFallingBackToTheSubject() {
        RefusedException refused = assertThrows(RefusedException.class, () -> readingUserFrom("preferred_username")
                .actorOf(keycloakToken(t -> t.claims(claims -> claims.remove("preferred_username")))));

        assertEquals("denied: the token has no 'preferred_username' claim", refused.getMessage());
    }

    @Test
    void aUserClaimThatIsNoPlainNameIsRefused() {
        RefusedException refused = assertThrows(RefusedException.class, () -> readingUserFrom("preferred_username")
                .actorOf(keycloakToken(t -> t.claim("preferred_username", "sato\nrequest.approve allowed"))));

        assertEquals("denied: the token's 'preferred_username' claim 'sato\\u000arequest.approve allowed' is not a usable"
                + " user name", refused.getMessage());
    }

    @Test
    void theSubjectIsStillRequiredWhenAnotherClaimNamesTheUser() {
        RefusedException refused = assertThrows(RefusedException.class, () -> readingUserFrom("preferred_username")
                .actorOf(keycloakToken(t -> t.claims(claims -> claims.put("sub", " ")))));

        assertEquals("denied: the token has no subject", refused.getMessage());
    }
}
