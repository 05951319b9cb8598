package dev.hoshu.api.devissuer;

import java.net.URI;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * The development issuer's authorization endpoint for the console: a login form for the demo users, then a redirect
 * back to the console with a one-use code (OpenID Connect authorization code with PKCE). Quickstart only.
 */
@RestController
@RequestMapping("/dev-issuer/authorize")
public class DevLoginController {

    private final DevTokens tokens;
    private final AuthorizationCodes codes;

    DevLoginController(DevTokens tokens, AuthorizationCodes codes) {
        this.tokens = tokens;
        this.codes = codes;
    }

    @GetMapping(produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> form(@RequestParam MultiValueMap<String, String> parameters) {
        ConsoleLoginRequest.Result login = ConsoleLoginRequest.of(parameters, tokens.issuer());
        return login.request()
                .map(request -> page(HttpStatus.OK, request, null))
                .orElseGet(() -> refusal(login.refusal()));
    }

    @PostMapping(consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE, produces = MediaType.TEXT_HTML_VALUE)
    Mono<ResponseEntity<String>> login(ServerWebExchange exchange) {
        return exchange.getFormData().map(form -> {
            ConsoleLoginRequest.Result login = ConsoleLoginRequest.of(form, tokens.issuer());
            if (login.request().isEmpty()) {
                return refusal(login.refusal());
            }
            ConsoleLoginRequest request = login.request().get();
            Optional<DemoUser> user = tokens.user(form.getFirst("username"), form.getFirst("password"));
            if (user.isEmpty()) {
                return page(HttpStatus.UNAUTHORIZED, request, "wrong user name or password / ユーザー名またはパスワードが違います");
            }
            return codes.issue(user.get(), request)
                    .map(code -> ResponseEntity.status(HttpStatus.FOUND).location(callback(request, code))
                            .cacheControl(CacheControl.noStore()).<String>build())
                    .orElseGet(() -> refusal("refused: too many logins in progress; try again in a minute"));
        });
    }

    private static URI callback(ConsoleLoginRequest request, String code) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(request.redirectUri()).queryParam("code", code);
        if (request.state() != null) {
            uri.queryParam("state", request.state());
        }
        return uri.encode().build().toUri();
    }

    private static ResponseEntity<String> refusal(String why) {
        return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).cacheControl(CacheControl.noStore())
                .body(why + "\n");
    }

    private static ResponseEntity<String> page(HttpStatus status, ConsoleLoginRequest request, String error) {
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
                <title>Hoshu demo login / デモ用ログイン</title>
                <style>body{font-family:sans-serif;max-width:26rem;margin:3rem auto;padding:0 1rem}
                label{display:block;margin-top:1rem}input{font-size:1.1rem;width:100%;padding:.4rem}
                button{margin-top:1.2rem;font-size:1.1rem;padding:.5rem 1.5rem}.error{color:#a00}</style></head><body>
                <h1>Hoshu 保守</h1>
                <p>Development issuer: demo users only (quickstart), never for real hospitals.<br>
                開発用の発行者です。デモ利用者専用で、実際の病院では使いません。</p>
                """);
        if (error != null) {
            html.append("<p class=\"error\" role=\"alert\" id=\"login-error\">").append(HtmlUtils.htmlEscape(error)).append("</p>");
        }
        html.append("<form method=\"post\" action=\"/dev-issuer/authorize\">");
        hidden(html, "response_type", "code");
        hidden(html, "client_id", request.clientId());
        hidden(html, "redirect_uri", request.redirectUri());
        hidden(html, "code_challenge", request.codeChallenge());
        hidden(html, "code_challenge_method", "S256");
        hidden(html, "state", request.state());
        hidden(html, "nonce", request.nonce());
        html.append("""
                <label for="username">User name / ユーザー名</label>
                <input id="username" name="username" autocomplete="username" required autofocus>
                <label for="password">Password / パスワード</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required>
                <button type="submit" id="login">Log in / ログイン</button>
                </form></body></html>
                """);
        return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML).cacheControl(CacheControl.noStore())
                .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
                        + "form-action 'self' " + ConsoleLoginRequest.origin(request.redirectUri()) + "; frame-ancestors 'none'")
                .body(html.toString());
    }

    private static void hidden(StringBuilder html, String name, String value) {
        if (value != null) {
            html.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"")
                    .append(HtmlUtils.htmlEscape(value)).append("\">");
        }
    }
}
