package dev.hoshu.api;

import dev.hoshu.access.Actor;
import dev.hoshu.api.identity.JwtActors;
import dev.hoshu.api.service.AccountService;
import dev.hoshu.api.service.RefusedException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs after the token is verified and before any controller: notes the call in the account ledger and refuses
 * every call of a disabled account with its one line, so no endpoint can forget the check.
 */
public final class DisabledAccountFilter implements WebFilter, Ordered {

    /** After Spring Security's chain (-100), which puts the verified token in the context. */
    static final int ORDER = 0;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JwtActors actors;
    private final AccountService accounts;

    public DisabledAccountFilter(JwtActors actors, AccountService accounts) {
        this.actors = actors;
        this.accounts = accounts;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.startsWith("/api/")) {
            return chain.filter(exchange);
        }
        String call = exchange.getRequest().getMethod().name() + " " + path;
        return ReactiveSecurityContextHolder.getContext()
                .map(SecurityContext::getAuthentication)
                .filter(JwtAuthenticationToken.class::isInstance)
                .map(auth -> ((JwtAuthenticationToken) auth).getToken())
                .flatMap(jwt -> Blocking.call(() -> refusal(jwt, call)))
                .defaultIfEmpty(Optional.empty())
                .flatMap(refusal -> refusal.isPresent() ? refuse(exchange, refusal.get()) : chain.filter(exchange));
    }

    private Optional<RefusedException> refusal(Jwt jwt, String call) {
        Actor actor;
        try {
            actor = actors.actorOf(jwt);
        } catch (RefusedException unusable) {
            // The controller refuses such a token in its own words.
            return Optional.empty();
        }
        try {
            accounts.apiUse(actor, call);
            return Optional.empty();
        } catch (RefusedException refused) {
            return Optional.of(refused);
        }
    }

    private static Mono<Void> refuse(ServerWebExchange exchange, RefusedException refusal) {
        var response = exchange.getResponse();
        response.setStatusCode(refusal.status() == RefusedException.Status.UNAVAILABLE
                ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.FORBIDDEN);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        byte[] body = JSON.writeValueAsString(Map.of("error", refusal.getMessage().replaceAll("[\\r\\n]+", " ")))
                .getBytes(StandardCharsets.UTF_8);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
