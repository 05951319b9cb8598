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

    private final AuthorizationCodes codes;

    public DevIssuerController(DevTokens tokens, AuthorizationCodes codes) {
        this.tokens = tokens;
        this.codes = codes;
    }

    @GetMapping("/.well-known/openid-configuration")
    Map<String, Object> discovery() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", tokens.issuer());
        doc.put("jwks_uri", tokens.issuer() + "/jwks");
        doc.put("token_endpoint", tokens.issuer() + "/token");
        doc.put("authorization_endpoint", tokens.issuer() + "/authorize");
        doc.put("grant_types_supported", List.of("password", "authorization_code"));
        doc.put("response_types_supported", List.of("code"));
        doc.put("code_challenge_methods_supported", List.of("S256"));
        doc.put("token_endpoint_auth_methods_supported", List.of("none"));
        doc.put("scopes_supported", List.of("openid"));
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
        if ("authorization_code".equals(form.getFirst("grant_type"))) {
            return codeExchange(form);
        }
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

    /** The console's login: the code, once, with the verifier whose SHA-256 was the login's challenge. */
    private ResponseEntity<Map<String, Object>> codeExchange(MultiValueMap<String, String> form) {
        return codes.redeem(form.getFirst("code"), form.getFirst("client_id"), form.getFirst("redirect_uri"),
                        form.getFirst("code_verifier"))
                .map(login -> {
                    DevTokens.AccessToken access = tokens.mint(login.user());
                    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(Map.<String, Object>of(
                            "access_token", access.value(),
                            "token_type", "Bearer",
                            "expires_in", access.expiresInSeconds(),
                            "scope", "openid",
                            "id_token", tokens.idToken(login.user(), login.request().clientId(),
                                    login.request().nonce())));
                })
                .orElseGet(() -> error("invalid_grant"));
    }

    private static ResponseEntity<Map<String, Object>> error(String code) {
        return ResponseEntity.badRequest().cacheControl(CacheControl.noStore()).body(Map.of("error", code));
    }
}
