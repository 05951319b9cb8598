package dev.hoshu.api;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/** Outside the quickstart: no dev issuer endpoints; tokens are checked with the configured identity provider's key. */
@SpringBootTest(classes = TestApiApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "hoshu.dev-issuer.enabled=false"})
@AutoConfigureWebTestClient
class DevIssuerOffTest {

    static final RSAKey IDP_KEY = generate();

    @Autowired
    WebTestClient client;

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void identityProvider(DynamicPropertyRegistry registry) throws Exception {
        Path pem = Files.createTempFile("idp", ".pem");
        pem.toFile().deleteOnExit();
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(IDP_KEY.toRSAPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> "file:" + pem);
    }

    /** No identity provider for the console: it says so in one line and lets nobody in (fail closed). */
    @Test
    void withoutAClientRegistrationTheConsoleIsClosedAndSaysWhy() {
        client.get().uri("/console/requests").exchange()
                .expectStatus().isEqualTo(503)
                .expectBody(String.class).isEqualTo("console unavailable: no identity provider for the console; "
                        + "configure spring.security.oauth2.client.registration.hoshu (docs/console.md)\n");
        client.get().uri("/dev-issuer/authorize?response_type=code").exchange().expectStatus().is4xxClientError();
    }

    @Test
    void devIssuerEndpointsAreNotServed() {
        client.post().uri("/dev-issuer/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("grant_type", "password").with("username", "tanaka")
                        .with("password", "demo"))
                .exchange().expectStatus().isUnauthorized();
        client.get().uri("/dev-issuer/jwks").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void tokensFromTheConfiguredProviderWork() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("https://idp.example").subject("suzuki")
                .claim("org", "hosp-a").claim("roles", "auditor").issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(300))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(IDP_KEY));
        client.get().uri("/api/v1/recordings/keys").headers(h -> h.setBearerAuth(jwt.serialize()))
                .exchange().expectStatus().isOk();
    }

    @Test
    void expiredTokensAreRefused() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("suzuki").claim("org", "hosp-a")
                .claim("roles", List.of("auditor")).issueTime(Date.from(Instant.now().minusSeconds(7200)))
                .expirationTime(Date.from(Instant.now().minusSeconds(3600))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).build(), claims);
        jwt.sign(new RSASSASigner(IDP_KEY));
        client.get().uri("/api/v1/recordings/keys").headers(h -> h.setBearerAuth(jwt.serialize()))
                .exchange().expectStatus().isUnauthorized();
    }

    @Test
    void tokenWithoutOrganisationCanDoNothing() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("suzuki").claim("roles", List.of("auditor"))
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(300))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).build(), claims);
        jwt.sign(new RSASSASigner(IDP_KEY));
        client.get().uri("/api/v1/recordings/keys").headers(h -> h.setBearerAuth(jwt.serialize()))
                .exchange().expectStatus().isForbidden()
                .expectBody().json("{\"error\":\"denied: the token has no 'org' claim\"}", true);
    }
}
