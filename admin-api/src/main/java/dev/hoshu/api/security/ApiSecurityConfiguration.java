package dev.hoshu.api.security;

import dev.hoshu.api.service.RefusedException;
import dev.hoshu.api.service.UnauthenticatedCallAudit;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.IpAddressServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.OrServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Every {@code /api/**} call needs a valid bearer JWT (signature from the configured JWK set, issuer, lifetime);
 * health is open; metrics only to the scrapers' networks ({@code hoshu.metrics.scrape-from}); anything not listed is
 * denied. CSRF protection is off because no cookie ever authenticates.
 */
@Configuration(proxyBeanMethods = false)
public class ApiSecurityConfiguration {

    @Bean
    SecurityWebFilterChain apiSecurity(ServerHttpSecurity http, ObjectProvider<ReactiveJwtDecoder> decoders,
                                       @Value("${hoshu.dev-issuer.enabled:false}") boolean devIssuer,
                                       ObjectProvider<UnauthenticatedCallAudit> audits,
                                       @Value("${hoshu.metrics.scrape-from:127.0.0.1/32,::1/128}") List<String> scrapers) {
        ReactiveJwtDecoder decoder = decoders.getIfAvailable(() -> {
            throw new IllegalStateException("no identity provider configured: set "
                    + "spring.security.oauth2.resourceserver.jwt.issuer-uri and jwk-set-uri (or use the quickstart profile)");
        });
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .authorizeExchange(exchanges -> {
                    exchanges.pathMatchers("/actuator/health", "/actuator/health/**").permitAll();
                    // Scrapers carry no user identity, and the metrics hold counts only: let them in by network.
                    exchanges.matchers(new AndServerWebExchangeMatcher(
                            ServerWebExchangeMatchers.pathMatchers("/actuator/prometheus"),
                            new OrServerWebExchangeMatcher(scrapers.stream()
                                    .<ServerWebExchangeMatcher>map(IpAddressServerWebExchangeMatcher::new).toList())))
                            .permitAll();
                    if (devIssuer) {
                        exchanges.pathMatchers("/dev-issuer/**").permitAll();
                    }
                    exchanges.pathMatchers("/api/**").authenticated();
                    exchanges.anyExchange().denyAll();
                })
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.jwtDecoder(decoder))
                        .authenticationEntryPoint(unauthenticated(audits))
                        .accessDeniedHandler(denied()))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(unauthenticated(audits))
                        .accessDeniedHandler(denied()))
                .build();
    }

    private static ServerAuthenticationEntryPoint unauthenticated(ObjectProvider<UnauthenticatedCallAudit> audits) {
        return (exchange, failure) -> {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            UnauthenticatedCallAudit audit = audits.getIfAvailable();
            String path = exchange.getRequest().getPath().value();
            if (audit == null || !path.startsWith("/api/")) {
                return unauthenticatedAnswer(exchange.getResponse());
            }
            // Written off the event loop (it forces the audit file); a call that cannot be audited is a 503.
            return Mono.fromCallable(() -> {
                        audit.unauthenticated(exchange.getRequest().getMethod().name(), path,
                                failure == null ? "no token" : String.valueOf(failure.getMessage()));
                        return true;
                    })
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap(written -> unauthenticatedAnswer(exchange.getResponse()))
                    .onErrorResume(RefusedException.class, unavailable -> JsonErrors.write(exchange.getResponse(),
                            HttpStatus.SERVICE_UNAVAILABLE, unavailable.getMessage()));
        };
    }

    private static Mono<Void> unauthenticatedAnswer(org.springframework.http.server.reactive.ServerHttpResponse response) {
        return JsonErrors.write(response, HttpStatus.UNAUTHORIZED,
                "unauthenticated: a valid bearer token is required (hoshu login)");
    }

    /** Authenticated callers reach this only for paths outside the API; they learn nothing about what is there. */
    private static ServerAccessDeniedHandler denied() {
        return (exchange, failure) -> JsonErrors.write(exchange.getResponse(), HttpStatus.NOT_FOUND, "not found");
    }
}
