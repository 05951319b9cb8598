package dev.hoshu.api.console;

import java.net.URI;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.server.DefaultServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationSuccessHandler;
import org.springframework.security.web.server.authentication.logout.RedirectServerLogoutSuccessHandler;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import reactor.core.publisher.Mono;

/**
 * The console's own filter chain, ahead of the API's bearer-token chain and only for {@code /console/**}: OpenID
 * Connect login (authorization code, PKCE always), a session cookie, CSRF on every form, a strict content security
 * policy. Without a client registration {@code hoshu} (the hospital's identity provider, or the quickstart's
 * development issuer) the console answers one line saying so and lets nobody in.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleSecurityConfiguration {

    static final String REGISTRATION = "hoshu";
    static final String LOGIN = "/console/oauth2/authorization/" + REGISTRATION;

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityWebFilterChain consoleSecurity(ServerHttpSecurity http,
                                           ObjectProvider<ReactiveClientRegistrationRepository> clients,
                                           ConsoleActors actors) {
        http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/console", "/console/**"))
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
                                + "style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                                + "form-action 'self'; frame-ancestors 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(
                                ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy.SAME_ORIGIN)));
        ReactiveClientRegistrationRepository registrations = clients.getIfAvailable();
        if (registrations == null) {
            return http.authorizeExchange(exchanges -> exchanges.anyExchange().denyAll())
                    .exceptionHandling(handling -> handling
                            .authenticationEntryPoint((exchange, failure) -> notConfigured(exchange.getResponse()))
                            .accessDeniedHandler((exchange, failure) -> notConfigured(exchange.getResponse())))
                    .build();
        }
        DefaultServerOAuth2AuthorizationRequestResolver resolver = new DefaultServerOAuth2AuthorizationRequestResolver(
                registrations, ServerWebExchangeMatchers.pathMatchers("/console/oauth2/authorization/{registrationId}"));
        // PKCE for every client, confidential ones included: a stolen code is useless without the verifier.
        resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        // Every login lands on the role's start page: no page is remembered across the identity provider's round trip.
        RedirectServerAuthenticationEntryPoint toLogin = new RedirectServerAuthenticationEntryPoint(LOGIN);
        toLogin.setRequestCache(NoOpServerRequestCache.getInstance());
        RedirectServerAuthenticationSuccessHandler loggedIn = new RedirectServerAuthenticationSuccessHandler("/console");
        loggedIn.setRequestCache(NoOpServerRequestCache.getInstance());
        RedirectServerLogoutSuccessHandler loggedOut = new RedirectServerLogoutSuccessHandler();
        loggedOut.setLogoutSuccessUrl(URI.create("/console/signed-out"));
        return http
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers("/console/assets/**", "/console/signed-out").permitAll()
                        .anyExchange().authenticated())
                .oauth2Login(login -> login
                        .clientRegistrationRepository(registrations)
                        .authorizedClientRepository(actors.tokens())
                        .authorizationRequestResolver(resolver)
                        .authenticationMatcher(ServerWebExchangeMatchers.pathMatchers(
                                "/console/login/oauth2/code/{registrationId}"))
                        .authenticationSuccessHandler(loggedIn))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint(toLogin))
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .logout(logout -> logout.logoutUrl("/console/logout").logoutSuccessHandler(loggedOut))
                .build();
    }

    private static Mono<Void> notConfigured(org.springframework.http.server.reactive.ServerHttpResponse response) {
        response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
        response.getHeaders().setContentType(MediaType.TEXT_PLAIN);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(
                ("console unavailable: no identity provider for the console; configure "
                        + "spring.security.oauth2.client.registration.hoshu (docs/console.md)\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }
}
