package dev.hoshu.broker;

import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/** The broker's API as a demo user calls it: a token from the quickstart's development issuer, then JSON. */
final class QuickstartApi {

    private final WebTestClient client;

    QuickstartApi(WebTestClient client) {
        this.client = client;
    }

    @SuppressWarnings("unchecked")
    String token(String user) {
        return (String) client.post().uri("/dev-issuer/token").contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("grant_type", "password").with("username", user)
                        .with("password", "demo"))
                .exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("access_token");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> post(String user, String path, Object body, int status) {
        return client.post().uri(path).headers(h -> h.setBearerAuth(token(user)))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isEqualTo(status)
                .expectBody(Map.class).returnResult().getResponseBody();
    }
}
