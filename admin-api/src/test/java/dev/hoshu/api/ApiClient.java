package dev.hoshu.api;

import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

/** Logs demo users in through the dev issuer, so the API tests run on real signed tokens. */
final class ApiClient {

    private ApiClient() {
    }

    @SuppressWarnings("unchecked")
    static String tokenFor(WebTestClient client, String username) {
        Map<String, Object> answer = client.post().uri("/dev-issuer/token")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(BodyInserters.fromFormData("grant_type", "password").with("username", username)
                        .with("password", "demo").with("client_id", "hoshu-cli"))
                .exchange()
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        return (String) answer.get("access_token");
    }
}
