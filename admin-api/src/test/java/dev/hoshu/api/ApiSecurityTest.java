package dev.hoshu.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(classes = TestApiApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "server.address=127.0.0.1")
@AutoConfigureWebTestClient
class ApiSecurityTest {

    private static final String UNAUTHENTICATED =
            "{\"error\":\"unauthenticated: a valid bearer token is required (hoshu login)\"}";

    @Autowired
    WebTestClient client;

    @Autowired
    FakeServices services;

    private static String forged(RSAKey key, String issuer, Instant expires, String kid) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).audience("hoshu").subject("tanaka").claim("org", "hosp-a")
                .claim("roles", List.of("approver", "hospital-admin")).issueTime(new Date())
                .expirationTime(Date.from(expires)).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid)
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private void expectUnauthenticated(String token) {
        client.get().uri("/api/v1/sessions").headers(h -> {
                    if (token != null) {
                        h.setBearerAuth(token);
                    }
                })
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueMatches("WWW-Authenticate", "Bearer.*")
                .expectBody().json(UNAUTHENTICATED, true);
    }

    @Test
    void apiWithoutTokenIs401OneLine() {
        expectUnauthenticated(null);
    }

    @Test
    void garbageTokensAre401() {
        expectUnauthenticated("not-a-jwt");
        expectUnauthenticated("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ0YW5ha2EifQ.");
        // Oversize headers never reach the token parser.
        client.get().uri("/api/v1/sessions").headers(h -> h.setBearerAuth("a".repeat(20_000)))
                .exchange().expectStatus().isEqualTo(431);
    }

    @Test
    void tokenSignedByAnotherKeyIs401EvenWithTheIssuersKeyId() throws Exception {
        services.reset();
        String realKid = SignedJWT.parse(ApiClient.tokenFor(client, "tanaka")).getHeader().getKeyID();
        RSAKey attacker = new RSAKeyGenerator(2048).generate();
        expectUnauthenticated(forged(attacker, "http://127.0.0.1/dev-issuer", Instant.now().plusSeconds(600), realKid));
        assertThat(services.lastActor.get()).isNull();
    }

    @Test
    void algNoneIs401() throws Exception {
        String real = ApiClient.tokenFor(client, "tanaka");
        String payload = real.split("\\.")[1];
        String header = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes());
        expectUnauthenticated(header + "." + payload + ".");
    }

    @Test
    void tamperedPayloadIs401() {
        String real = ApiClient.tokenFor(client, "sato");
        String[] parts = real.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]))
                .replace("\"medserve\"", "\"hosp-a\"");
        String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes());
        expectUnauthenticated(parts[0] + "." + forgedPayload + "." + parts[2]);
    }

    @Test
    void healthIsOpenAndUnknownPathsAreClosed() {
        client.get().uri("/actuator/health").exchange().expectStatus().isOk();
        client.get().uri("/actuator/env").exchange().expectStatus().isUnauthorized();
    }
}
