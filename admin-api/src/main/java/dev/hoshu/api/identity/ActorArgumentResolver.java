package dev.hoshu.api.identity;

import dev.hoshu.access.Actor;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Lets a controller method take the calling {@link Actor} as a parameter. */
public final class ActorArgumentResolver implements HandlerMethodArgumentResolver {

    private final JwtActors actors;

    public ActorArgumentResolver(JwtActors actors) {
        this.actors = actors;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return Actor.class.equals(parameter.getParameterType());
    }

    @Override
    public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext,
                                        ServerWebExchange exchange) {
        return ReactiveSecurityContextHolder.getContext()
                .map(SecurityContext::getAuthentication)
                .filter(JwtAuthenticationToken.class::isInstance)
                .map(auth -> (Object) actors.actorOf(((JwtAuthenticationToken) auth).getToken()))
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("no bearer token on an API call")));
    }
}
