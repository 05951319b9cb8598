package dev.hoshu.broker;

import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * On a node without the {@code admin} role the API and the dev issuer are simply not there: answered before
 * security or any controller runs, so such a node never decides anything about access.
 */
public final class AdminRoleGate implements WebFilter, Ordered {

    private static final byte[] NOT_SERVED = "{\"error\":\"this broker node does not serve the admin API (hoshu.roles)\"}"
            .getBytes(StandardCharsets.UTF_8);

    private final boolean adminRole;

    public AdminRoleGate(boolean adminRole) {
        this.adminRole = adminRole;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (adminRole || !(path.startsWith("/api/") || path.startsWith("/dev-issuer/"))) {
            return chain.filter(exchange);
        }
        exchange.getResponse().setStatusCode(HttpStatus.NOT_FOUND);
        exchange.getResponse().getHeaders().setContentType(MediaType.APPLICATION_JSON);
        return exchange.getResponse().writeWith(Mono.just(exchange.getResponse().bufferFactory().wrap(NOT_SERVED)));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
