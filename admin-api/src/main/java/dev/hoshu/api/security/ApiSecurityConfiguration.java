package dev.hoshu.api.security;

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

/**
 * Every {@code /api/**} call needs a valid bearer JWT (signature from the configured JWK set, issuer, lifetime);
 * health is open; anything not listed is denied. CSRF protection is off because no cookie ever authenticates.
 */
@Configuration(proxyBeanMethods = false)
public class ApiSecurityConfiguration {

    @Bean
    SecurityWebFilterChain apiSecurity(ServerHttpSecurity http, ObjectProvider<ReactiveJwtDecoder> decoders,
                                       @Value("${hoshu.dev-issuer.enabled:false}") boolean devIssuer) {
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
                    if (devIssuer) {
                        exchanges.pathMatchers("/dev-issuer/**").permitAll();
                    }
                    exchanges.pathMatchers("/api/**").authenticated();
                    exchanges.anyExchange().denyAll();
                })
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.jwtDecoder(decoder))
                        .authenticationEntryPoint(unauthenticated())
                        .accessDeniedHandler(denied()))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(unauthenticated())
                        .accessDeniedHandler(denied()))
                .build();
    }

    private static ServerAuthenticationEntryPoint unauthenticated() {
        return (exchange, failure) -> {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            return JsonErrors.write(exchange.getResponse(), HttpStatus.UNAUTHORIZED,
                    "unauthenticated: a valid bearer token is required (hoshu login)");
        };
    }

    /** Authenticated callers reach this only for paths outside the API; they learn nothing about what is there. */
    private static ServerAccessDeniedHandler denied() {
        return (exchange, failure) -> JsonErrors.write(exchange.getResponse(), HttpStatus.NOT_FOUND, "not found");
    }
}
