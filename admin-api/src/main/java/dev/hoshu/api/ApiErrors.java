package dev.hoshu.api;

import dev.hoshu.api.service.RefusedException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

/** Turns every failure into {@code {"error": "one line"}}: refusals as they are, faults as a bare 500. */
@RestControllerAdvice
public class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(RefusedException.class)
    ResponseEntity<Map<String, String>> refused(RefusedException refusal) {
        HttpStatus status = switch (refusal.status()) {
            case BAD_REQUEST -> HttpStatus.BAD_REQUEST;
            case FORBIDDEN -> HttpStatus.FORBIDDEN;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
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
