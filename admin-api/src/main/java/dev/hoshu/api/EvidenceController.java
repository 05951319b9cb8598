package dev.hoshu.api;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.EvidenceService;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.api.service.Timeline;
import dev.hoshu.api.service.TimelineQuery;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Evidence exports of the caller's own hospital; the service checks roles so every refusal is audited. */
@RestController
public class EvidenceController {

    private static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");

    private final EvidenceService evidence;

    public EvidenceController(EvidenceService evidence) {
        this.evidence = evidence;
    }

    @GetMapping("/api/v1/evidence/devices.csv")
    Mono<ResponseEntity<String>> devices(Actor actor) {
        return Blocking.call(() -> ResponseEntity.ok().contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"devices.csv\"")
                .body(evidence.deviceLedgerCsv(actor)));
    }

    @GetMapping("/api/v1/evidence/accounts.csv")
    Mono<ResponseEntity<String>> accounts(Actor actor,
                                          @RequestParam(name = "dormant-days", required = false, defaultValue = "90")
                                          String dormantDays) {
        int days;
        try {
            days = Integer.parseInt(dormantDays.strip());
        } catch (NumberFormatException e) {
            throw RefusedException.badRequest("refused: dormant-days must be a whole number of days");
        }
        if (days < 1 || days > 3660) {
            throw RefusedException.badRequest("refused: dormant-days must be between 1 and 3660");
        }
        return Blocking.call(() -> csv("account-review.csv", evidence.accountReviewCsv(actor, days)));
    }

    @GetMapping("/api/v1/evidence/privileges.csv")
    Mono<ResponseEntity<String>> privileges(Actor actor) {
        return Blocking.call(() -> csv("privileges.csv", evidence.privilegesCsv(actor)));
    }

    private static ResponseEntity<String> csv(String name, String body) {
        return ResponseEntity.ok().contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"").body(body);
    }

    @GetMapping("/api/v1/evidence/timeline")
    Mono<Timeline> timeline(Actor actor, @RequestParam(required = false) String device,
                            @RequestParam(required = false) String engineer,
                            @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        TimelineQuery query = new TimelineQuery(blankToNull(device), blankToNull(engineer), instant("from", from),
                instant("to", to));
        return Blocking.call(() -> evidence.timeline(actor, query));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Instant instant(String name, String value) {
        if (blankToNull(value) == null) {
            throw RefusedException.badRequest("refused: a timeline needs " + name
                    + " as an ISO-8601 instant such as 2026-11-21T00:00:00Z");
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw RefusedException.badRequest("refused: " + name
                    + " must be an ISO-8601 instant such as 2026-11-21T00:00:00Z");
        }
    }
}
