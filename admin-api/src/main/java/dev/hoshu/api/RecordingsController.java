package dev.hoshu.api;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.RecordingQuery;
import dev.hoshu.api.service.RecordingService;
import dev.hoshu.api.service.RecordingSummary;
import dev.hoshu.api.service.RecordingUse;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.api.service.SealKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import dev.hoshu.api.service.RecordingContent;
import java.io.IOException;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Session recordings: search, content, and the public keys that verify their seals. Who may see what is the
 * service's decision, not a role gate here, so that every refusal is audited too (REQ-REC-6).
 */
@RestController
@RequestMapping("/api/v1/recordings")
public class RecordingsController {

    private static final MediaType JSON_LINES = MediaType.parseMediaType("application/jsonl;charset=UTF-8");

    private final RecordingService recordings;

    public RecordingsController(RecordingService recordings) {
        this.recordings = recordings;
    }

    /**
     * A seal key on the wire: {@code {"id", "publicKey", "since", "retired", "status"}} with the key as PEM and
     * {@code status} {@code current} or {@code retired}.
     */
    record KeyView(String id, String publicKey, Instant since, Instant retired, String status) {
        static KeyView of(SealKey key) {
            return new KeyView(key.id(), key.publicKeyPem(), key.since(), key.retired(),
                    key.retired() == null ? "current" : "retired");
        }
    }

    @GetMapping("/keys")
    Mono<Map<String, List<KeyView>>> keys(Actor actor) {
        return Blocking.call(() -> Map.of("keys", recordings.sealKeys().stream().map(KeyView::of).toList()));
    }

    /** The operator role is checked by the service, so a refused rotation is audited too. */
    @PostMapping("/keys/rotate")
    Mono<Map<String, List<KeyView>>> rotate(Actor actor, @RequestBody(required = false) Mono<ReasonBody> body) {
        return ReasonBody.reasonOf(body).flatMap(reason -> Blocking.call(() ->
                Map.of("keys", recordings.rotateSealKey(actor, reason).stream().map(KeyView::of).toList())));
    }

    @GetMapping
    Mono<List<RecordingSummary>> search(Actor actor,
                                        @RequestParam(required = false) String device,
                                        @RequestParam(required = false) String engineer,
                                        @RequestParam(required = false) String company,
                                        @RequestParam(required = false) String from,
                                        @RequestParam(required = false) String to,
                                        @RequestParam(required = false) String command,
                                        @RequestParam(required = false) String exit,
                                        @RequestParam(required = false) String page,
                                        @RequestParam(required = false) String size) {
        RecordingQuery query = new RecordingQuery(blankToNull(device), blankToNull(engineer), blankToNull(company),
                instant("from", from), instant("to", to), blankToNull(command), integer("exit", exit, null),
                integer("page", page, 0), integer("size", size, RecordingQuery.DEFAULT_SIZE));
        return Blocking.call(() -> recordings.search(actor, query));
    }

    /** @param purpose {@code view} (default) or {@code export}: each is audited as such */
    @GetMapping("/{sessionId}")
    Mono<ResponseEntity<Resource>> recording(Actor actor, @PathVariable String sessionId,
                                             @RequestParam(required = false, defaultValue = "view") String purpose) {
        RecordingUse use = useOf(purpose);
        return Blocking.call(() -> {
            RecordingContent content = recordings.recording(actor, sessionId, use);
            try {
                return ResponseEntity.ok()
                        .contentType(JSON_LINES)
                        .contentLength(content.size())
                        .body((Resource) new InputStreamResource(content.open()));
            } catch (IOException e) {
                // Found a moment ago, so the store is failing, not the id: a 503 with the store's reason.
                throw RefusedException.unavailable("refused: the recording store cannot be read now: "
                        + String.valueOf(e.getMessage()).replaceAll("\\p{Cntrl}+", " "));
            }
        });
    }

    private static RecordingUse useOf(String purpose) {
        return switch (purpose.toLowerCase(Locale.ROOT)) {
            case "view" -> RecordingUse.VIEW;
            case "export" -> RecordingUse.EXPORT;
            default -> throw RefusedException.badRequest("refused: purpose must be view or export");
        };
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Instant instant(String name, String value) {
        if (blankToNull(value) == null) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw RefusedException.badRequest("refused: " + name + " must be an ISO-8601 instant such as 2026-11-21T00:00:00Z");
        }
    }

    private static Integer integer(String name, String value, Integer fallback) {
        if (blankToNull(value) == null) {
            return fallback;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw RefusedException.badRequest("refused: " + name + " must be a whole number");
        }
    }
}
