package dev.hoshu.api;

import dev.hoshu.access.Actor;
import dev.hoshu.api.service.RecordingService;
import dev.hoshu.api.service.SealKey;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Session recordings for auditors, and the public keys that verify their seals. */
@RestController
@RequestMapping("/api/v1/recordings")
public class RecordingsController {

    private static final MediaType JSON_LINES = MediaType.parseMediaType("application/jsonl;charset=UTF-8");

    private final RecordingService recordings;

    public RecordingsController(RecordingService recordings) {
        this.recordings = recordings;
    }

    /** A seal key on the wire: {@code {"id", "publicKey"}} with the key as PEM. */
    record KeyView(String id, String publicKey) {
        static KeyView of(SealKey key) {
            return new KeyView(key.id(), key.publicKeyPem());
        }
    }

    @GetMapping("/keys")
    Mono<Map<String, List<KeyView>>> keys(Actor actor) {
        return Blocking.call(() -> Map.of("keys", recordings.sealKeys().stream().map(KeyView::of).toList()));
    }

    @GetMapping("/{sessionId}")
    Mono<ResponseEntity<Resource>> recording(Actor actor, @PathVariable String sessionId) {
        Roles.require(actor, "reading a recording", Roles.AUDITOR, Roles.APPROVER);
        return Blocking.call(() -> ResponseEntity.ok()
                .contentType(JSON_LINES)
                .body((Resource) new FileSystemResource(recordings.recording(actor, sessionId))));
    }
}
