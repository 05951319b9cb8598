package dev.hoshu.api.console;

import dev.hoshu.api.RoleRefusedException;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.api.service.RoleRefusalAudit;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * What every console page needs (the CSRF token for its forms, the hospital's clock, the current path for the
 * language switch) and how refusals look in the browser: the service's one line on an error page with the HTTP
 * status the API would answer, a role refusal audited first, exactly as on the API.
 */
@ControllerAdvice(basePackageClasses = ConsoleAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ConsoleAdvice {

    private static final Logger log = LoggerFactory.getLogger(ConsoleAdvice.class);

    private final ConsoleTime time;
    private final ObjectProvider<RoleRefusalAudit> roleRefusals;

    public ConsoleAdvice(ConsoleTime time, ObjectProvider<RoleRefusalAudit> roleRefusals) {
        this.time = time;
        this.roleRefusals = roleRefusals;
    }

    @ModelAttribute
    void common(Model model, ServerWebExchange exchange) {
        Mono<CsrfToken> csrf = exchange.getAttribute(CsrfToken.class.getName());
        if (csrf != null) {
            model.addAttribute("csrf", csrf);
        }
        model.addAttribute("t", time);
        model.addAttribute("path", exchange.getRequest().getPath().value());
        model.addAttribute("now", java.time.Instant.now());
    }

    @ExceptionHandler(ConsoleActors.LoginExpired.class)
    Mono<Rendering> expired(ServerWebExchange exchange) {
        return exchange.getSession().flatMap(session -> session.invalidate())
                .then(Mono.just(Rendering.redirectTo(ConsoleSecurityConfiguration.LOGIN).build()));
    }

    @ExceptionHandler(RoleRefusedException.class)
    Mono<Rendering> roleRefused(RoleRefusedException refusal, ServerWebExchange exchange) {
        RoleRefusalAudit audit = roleRefusals.getIfAvailable();
        if (audit == null) {
            return Mono.just(page(refusal, exchange));
        }
        PathPattern pattern = exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        Map<String, String> variables = exchange.getAttributeOrDefault(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE,
                Map.of());
        ApiTwins.Call twin = ApiTwins.of(exchange.getRequest().getMethod().name(),
                pattern == null ? exchange.getRequest().getPath().value() : pattern.getPatternString());
        return Mono.fromCallable(() -> {
            try {
                audit.roleRefused(refusal.actor(), twin.method(), twin.pattern(), variables, refusal.getMessage());
                return page(refusal, exchange);
            } catch (RefusedException unavailable) {
                return page(unavailable, exchange);
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    @ExceptionHandler(RefusedException.class)
    Rendering refused(RefusedException refusal, ServerWebExchange exchange) {
        return page(refusal, exchange);
    }

    @ExceptionHandler(Exception.class)
    Rendering fault(Exception fault, ServerWebExchange exchange) {
        log.error("console page failed", fault);
        exchange.getResponse().setStatusCode(HttpStatus.INTERNAL_SERVER_ERROR);
        return Rendering.view("console/error").modelAttribute("message", "internal error; see broker log")
                .status(HttpStatus.INTERNAL_SERVER_ERROR).build();
    }

    private Rendering page(RefusedException refusal, ServerWebExchange exchange) {
        HttpStatus status = switch (refusal.status()) {
            case BAD_REQUEST -> HttpStatus.BAD_REQUEST;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
        String message = refusal.getMessage() == null ? "refused" : refusal.getMessage().replaceAll("[\\r\\n]+", " ");
        Mono<CsrfToken> csrf = exchange.getAttribute(CsrfToken.class.getName());
        Rendering.Builder<?> page = Rendering.view("console/error").status(status)
                .modelAttribute("message", message).modelAttribute("t", time)
                .modelAttribute("path", exchange.getRequest().getPath().value());
        if (csrf != null) {
            page.modelAttribute("csrf", csrf);
        }
        return page.build();
    }
}
