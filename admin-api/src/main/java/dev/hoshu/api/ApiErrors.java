package dev.hoshu.api;

import dev.hoshu.api.service.RefusedException;
import dev.hoshu.api.service.RoleRefusalAudit;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.util.pattern.PathPattern;
import reactor.core.publisher.Mono;

/** Turns every failure into {@code {"error": "one line"}}: refusals as they are, faults as a bare 500. */
@RestControllerAdvice
public class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    private final ObjectProvider<RoleRefusalAudit> roleRefusals;

    public ApiErrors(ObjectProvider<RoleRefusalAudit> roleRefusals) {
        this.roleRefusals = roleRefusals;
    }

    /** A role refusal is audited first (off the event loop: it writes to disk); without an audit line it is a 503. */
    @ExceptionHandler(RoleRefusedException.class)
    Mono<ResponseEntity<Map<String, String>>> roleRefused(RoleRefusedException refusal, ServerWebExchange exchange) {
        RoleRefusalAudit audit = roleRefusals.getIfAvailable();
        if (audit == null) {
            return Mono.just(refused(refusal));
        }
        PathPattern pattern = exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        Map<String, String> variables = exchange.getAttributeOrDefault(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE,
                Map.of());
        String method = exchange.getRequest().getMethod().name();
        String path = pattern == null ? exchange.getRequest().getPath().value() : pattern.getPatternString();
        return Blocking.call(() -> {
            try {
                audit.roleRefused(refusal.actor(), method, path, variables, refusal.getMessage());
                return refused(refusal);
            } catch (RefusedException unavailable) {
                return refused(unavailable);
            }
        });
    }

    @ExceptionHandler(RefusedException.class)
    ResponseEntity<Map<String, String>> refused(RefusedException refusal) {
        HttpStatus status = switch (refusal.status()) {
            case BAD_REQUEST -> HttpStatus.BAD_REQUEST;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
        return error(status, oneLine(refusal.getMessage()));
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<Map<String, String>> unreadable(ServerWebInputException problem) {
        // The parser's own message can echo the input; say only what is wrong in general.
        return error(HttpStatus.BAD_REQUEST, "bad request: the body is not the expected JSON");
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<Map<String, String>> status(ResponseStatusException problem) {
        HttpStatus status = HttpStatus.resolve(problem.getStatusCode().value());
        HttpStatus answer = status == null ? HttpStatus.BAD_REQUEST : status;
        return error(answer, answer.value() == 404 ? "not found" : "bad request: " + answer.getReasonPhrase().toLowerCase());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, String>> fault(Exception fault) {
        log.error("API call failed", fault);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "internal error; see broker log");
    }

    private static ResponseEntity<Map<String, String>> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).body(Map.of("error", message));
    }

    private static String oneLine(String message) {
        return message == null ? "refused" : message.replaceAll("[\\r\\n]+", " ");
    }
}
