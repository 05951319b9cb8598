package dev.hoshu.api.devissuer;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.hoshu.api.TestApiApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

@SpringBootTest(classes = TestApiApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "server.address=127.0.0.1")
@AutoConfigureWebTestClient
class DevIssuerTest {

    @Autowired
    WebTestClient client;

    private WebTestClient.ResponseSpec login(String grantType, String user, String password) {
        return client.post().uri("/dev-issuer/token")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("grant_type", grantType).with("username", user)
                        .with("password", password).with("client_id", "hoshu-cli"))
                .exchange();
    }

    @Test
    void discoveryNamesTheIssuerAndItsEndpoints() {
        client.get().uri("/dev-issuer/.well-known/openid-configuration").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.issuer").isEqualTo("http://127.0.0.1/dev-issuer")
                .jsonPath("$.jwks_uri").isEqualTo("http://127.0.0.1/dev-issuer/jwks")
                .jsonPath("$.token_endpoint").isEqualTo("http://127.0.0.1/dev-issuer/token");
    }

    @Test
    void tokenIsRs256WithTheDemoUsersClaimsAndVerifiesAgainstTheJwks() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> answer = login("password", "tanaka", "demo")
                .expectStatus().isOk()
                .expectHeader().cacheControl(org.springframework.http.CacheControl.noStore())
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(answer).containsEntry("token_type", "Bearer").containsEntry("expires_in", 3600);
        String jwks = client.get().uri("/dev-issuer/jwks").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        RSAKey key = (RSAKey) JWKSet.parse(jwks).getKeys().get(0);
        assertThat(key.isPrivate()).as("the JWK set must not leak the private key").isFalse();
        assertThat(key.size()).isEqualTo(2048);

        SignedJWT jwt = SignedJWT.parse((String) answer.get("access_token"));
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("http://127.0.0.1/dev-issuer");
        assertThat(claims.getSubject()).isEqualTo("tanaka");
        assertThat(claims.getStringClaim("name")).isEqualTo("田中 花子");
        assertThat(claims.getStringClaim("org")).isEqualTo("hosp-a");
        assertThat(claims.getStringListClaim("roles")).containsExactly("approver", "hospital-admin");
        assertThat(claims.getStringListClaim("amr")).containsExactly("pwd", "otp");
        assertThat(claims.getBooleanClaim("demo")).isTrue();
        long lifetime = claims.getExpirationTime().getTime() - claims.getIssueTime().getTime();
        assertThat(lifetime).isEqualTo(3_600_000L);
        assertThat(claims.getExpirationTime()).isAfter(new Date());
    }

    @Test
    void wrongPasswordUnknownUserAndOtherGrantsAreRefused() {
        login("password", "tanaka", "wrong").expectStatus().isBadRequest()
                .expectBody().json("{\"error\":\"invalid_grant\"}", true);
        login("password", "mallory", "demo").expectStatus().isBadRequest()
                .expectBody().json("{\"error\":\"invalid_grant\"}", true);
        login("password", "tanaka", "").expectStatus().isBadRequest();
        login("client_credentials", "tanaka", "demo").expectStatus().isBadRequest()
                .expectBody().json("{\"error\":\"unsupported_grant_type\"}", true);
    }

    @Test
    void keyFileKeepsTheKeyAcrossRestartsOwnerOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/dev-issuer.jwk");
        RSAKey first = DevIssuerKey.loadOrCreate(file);
        RSAKey second = DevIssuerKey.loadOrCreate(file);
        assertThat(second).isEqualTo(first);
        assertThat(second.isPrivate()).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(DevIssuerKey.loadOrCreate(null)).isNotEqualTo(first);
    }

    @Autowired
    private DevTokens tokens;

    @Test
    void aTokenFromTheIssuersOwnKeyButForAnotherApplicationOpensNothing() throws Exception {
        com.nimbusds.jwt.JWTClaimsSet claims = new com.nimbusds.jwt.JWTClaimsSet.Builder().issuer(tokens.issuer())
                .audience("pacs-viewer").subject("tanaka").claim("org", "hosp-a")
                .claim("roles", java.util.List.of("approver")).issueTime(new Date())
                .expirationTime(new Date(System.currentTimeMillis() + 600_000)).build();
        SignedJWT jwt = new SignedJWT(new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.RS256)
                .keyID(tokens.key().getKeyID()).build(), claims);
        jwt.sign(new com.nimbusds.jose.crypto.RSASSASigner(tokens.key()));

        client.get().uri("/api/v1/sessions").headers(h -> h.setBearerAuth(jwt.serialize())).exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void theIssuersTokensAreForHoshu() throws Exception {
        Map<?, ?> answer = login("password", "tanaka", "demo").expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();

        assertThat(SignedJWT.parse((String) answer.get("access_token")).getJWTClaimsSet().getAudience())
                .containsExactly(DevTokens.AUDIENCE);
    }
}
