package dev.hoshu.api.console;

import dev.hoshu.access.Actor;
import dev.hoshu.api.identity.JwtActors;
import dev.hoshu.api.service.AccountService;
import dev.hoshu.api.service.RefusedException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.server.WebSessionServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The person a console page acts for: read from the access token the login obtained (kept in the web session), checked
 * by the API's own decoder (signature, issuer, audience, lifetime) and read by the API's own claim rules, so a page
 * can do exactly what the same person's {@code hoshu} CLI could, no more. A disabled account is refused like on the
 * API. An expired or unusable token ends the console session: the user logs in again.
 */
public class ConsoleActors {

    private final ServerOAuth2AuthorizedClientRepository tokens = new WebSessionServerOAuth2AuthorizedClientRepository();
    private final ObjectProvider<ReactiveJwtDecoder> decoders;
    private final JwtActors actors;
    private final ObjectProvider<AccountService> accounts;

    public ConsoleActors(ObjectProvider<ReactiveJwtDecoder> decoders, JwtActors actors,
                         ObjectProvider<AccountService> accounts) {
        this.decoders = decoders;
        this.actors = actors;
        this.accounts = accounts;
    }

    ServerOAuth2AuthorizedClientRepository tokens() {
        return tokens;
    }

    /** The actor, or {@link LoginExpired} when the session holds no usable token. */
    Mono<Actor> actor(ServerWebExchange exchange) {
        String call = exchange.getRequest().getMethod().name() + " " + exchange.getRequest().getPath().value();
        return exchange.getPrincipal()
                .filter(OAuth2AuthenticationToken.class::isInstance)
                .cast(OAuth2AuthenticationToken.class)
                .flatMap(login -> tokens.<OAuth2AuthorizedClient>loadAuthorizedClient(
                        login.getAuthorizedClientRegistrationId(), login, exchange))
                .switchIfEmpty(Mono.error(LoginExpired::new))
                .flatMap(client -> decoders.getObject().decode(client.getAccessToken().getTokenValue()))
                .onErrorMap(JwtException.class, expired -> new LoginExpired())
                .map(actors::actorOf)
                .flatMap(actor -> Mono.fromCallable(() -> {
                    AccountService ledger = accounts.getIfAvailable();
                    if (ledger != null) {
                        ledger.apiUse(actor, call);
                    }
                    return actor;
                }).subscribeOn(Schedulers.boundedElastic()));
    }

    /** The console session's token is gone or no longer valid. */
    static final class LoginExpired extends RefusedException {
        LoginExpired() {
            super(Status.FORBIDDEN, "your console login has expired; log in again");
        }
    }
}
