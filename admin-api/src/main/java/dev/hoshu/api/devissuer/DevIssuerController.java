package dev.hoshu.api.devissuer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The issuer's three endpoints: discovery, the public JWK set, and the password-grant token endpoint. */
@RestController
@RequestMapping("/dev-issuer")
public class DevIssuerController {

    private final DevTokens tokens;

    public DevIssuerController(DevTokens tokens) {
        this.tokens = tokens;
    }

    @GetMapping("/.well-known/openid-configuration")
    Map<String, Object> discovery() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", tokens.issuer());
        doc.put("jwks_uri", tokens.issuer() + "/jwks");
        doc.put("token_endpoint", tokens.issuer() + "/token");
        doc.put("grant_types_supported", List.of("password"));
        doc.put("response_types_supported", List.of("token"));
        doc.put("subject_types_supported", List.of("public"));
        doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
        return doc;
    }

    @GetMapping("/jwks")
    Map<String, Object> jwks() {
        return Map.of("keys", List.of(tokens.key().toPublicJWK().toJSONObject()));
    }

    @PostMapping(path = "/token", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<ResponseEntity<Map<String, Object>>> token(ServerWebExchange exchange) {
        return exchange.getFormData().map(this::answer);
    }

    private ResponseEntity<Map<String, Object>> answer(MultiValueMap<String, String> form) {
        if (!"password".equals(form.getFirst("grant_type"))) {
            return error("unsupported_grant_type");
        }
        return tokens.login(form.getFirst("username"), form.getFirst("password"))
                .map(token -> ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(Map.<String, Object>of(
                        "access_token", token.value(),
                        "token_type", "Bearer",
                        "expires_in", token.expiresInSeconds())))
                .orElseGet(() -> error("invalid_grant"));
    }

    private static ResponseEntity<Map<String, Object>> error(String code) {
        return ResponseEntity.badRequest().cacheControl(CacheControl.noStore()).body(Map.of("error", code));
    }
}
