package dev.hoshu.api.console;

import dev.hoshu.api.Blocking;
import dev.hoshu.api.service.RecordingContent;
import dev.hoshu.api.service.RecordingQuery;
import dev.hoshu.api.service.RecordingService;
import dev.hoshu.api.service.RecordingUse;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.api.service.SealKey;
import dev.hoshu.recording.Asciicast;
import dev.hoshu.recording.RecordingReader;
import dev.hoshu.recording.RecordingVerifier;
import dev.hoshu.recording.VerificationReport;
import dev.hoshu.tools.Pem;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Recordings: search (metadata), replay with its integrity (chain and seal checked under the published seal keys),
 * and export as asciicast or the original {@code .jsonl}. Each read goes through {@link RecordingService}, which
 * decides who may and audits every view and export, as for {@code /api/v1/recordings}.
 */
@Controller
public class RecordingsPage {

    /** A replay larger than this is offered as an export only: the page carries the whole cast. */
    static final long MAX_REPLAY_BYTES = 4L * 1024 * 1024;
    private static final int STREAM_BUFFER_BYTES = 64 * 1024;

    private final ConsoleActors actors;
    private final RecordingService recordings;

    public RecordingsPage(ConsoleActors actors, RecordingService recordings) {
        this.actors = actors;
        this.recordings = recordings;
    }

    @GetMapping("/console/recordings")
    Mono<Rendering> search(ServerWebExchange exchange, @RequestParam(required = false) String device,
                           @RequestParam(required = false) String engineer,
                           @RequestParam(required = false) String command,
                           @RequestParam(required = false) String hours) {
        return actors.actor(exchange).flatMap(actor -> Blocking.call(() -> {
            Instant from = hours(hours).map(h -> Instant.now().minus(Duration.ofHours(h))).orElse(null);
            RecordingQuery query = new RecordingQuery(blank(device), blank(engineer), null, from, null, blank(command),
                    null, 0, RecordingQuery.DEFAULT_SIZE);
            return Rendering.view("console/recordings").modelAttribute("actor", actor)
                    .modelAttribute("results", recordings.search(actor, query))
                    .modelAttribute("device", device).modelAttribute("engineer", engineer)
                    .modelAttribute("command", command).modelAttribute("hours", hours).build();
        }));
    }

    @GetMapping("/console/recordings/{session}")
    Mono<Rendering> replay(ServerWebExchange exchange, @PathVariable String session) {
        return actors.actor(exchange).flatMap(actor -> Blocking.call(() -> {
            RecordingContent content = recordings.recording(actor, session, RecordingUse.VIEW);
            // The recording may live in object storage: a local copy for the verifier, gone after the page.
            Path file = localCopy(content);
            try {
                VerificationReport integrity = new RecordingVerifier().verify(file, sealKeys());
                String cast = content.size() > MAX_REPLAY_BYTES ? null : cast(file);
                return Rendering.view("console/recording").modelAttribute("actor", actor)
                        .modelAttribute("sessionId", session).modelAttribute("integrity", integrity)
                        .modelAttribute("cast", cast).build();
            } finally {
                Files.deleteIfExists(file);
            }
        }));
    }

    @GetMapping("/console/recordings/{session}/export")
    @ResponseBody
    Mono<ResponseEntity<Flux<DataBuffer>>> export(ServerWebExchange exchange, @PathVariable String session,
                                                  @RequestParam(required = false, defaultValue = "cast") String format) {
        if (!"cast".equals(format) && !"jsonl".equals(format)) {
            throw RefusedException.badRequest("refused: format must be cast or jsonl");
        }
        DataBufferFactory buffers = exchange.getResponse().bufferFactory();
        return actors.actor(exchange).flatMap(actor -> Blocking.call(() -> {
            RecordingContent content = recordings.recording(actor, session, RecordingUse.EXPORT);
            String name = content.session() + "." + format;
            Flux<DataBuffer> body;
            if ("cast".equals(format)) {
                // Read once to the end before the answer starts: a recording that is no recording is refused in one
                // line instead of breaking off a download half-way. Then written as it is read, whatever its size.
                try {
                    writeCast(content, Writer.nullWriter());
                } catch (IOException unreadable) {
                    throw RefusedException.conflict("refused: recording " + content.session()
                            + " cannot be exported as asciicast: " + unreadable.getMessage());
                }
                body = Flux.from(DataBufferUtils.outputStreamPublisher(out -> {
                    Writer text = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                    try {
                        writeCast(content, text);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, buffers, task -> Schedulers.boundedElastic().schedule(task)));
            } else {
                body = DataBufferUtils.readInputStream(content::open, buffers, STREAM_BUFFER_BYTES);
            }
            return ResponseEntity.ok()
                    .contentType(MediaType.parseMediaType("cast".equals(format)
                            ? "application/x-asciicast" : "application/x-ndjson"))
                    .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .body(body);
        }));
    }

    private static void writeCast(RecordingContent content, Writer out) throws IOException {
        try (InputStream in = content.open(); RecordingReader reader = RecordingReader.open(in)) {
            Asciicast.write(reader, out, false);
        }
    }

    private java.util.function.Function<String, Optional<PublicKey>> sealKeys() {
        Map<String, PublicKey> keys = new HashMap<>();
        for (SealKey key : recordings.sealKeys()) {
            try {
                keys.put(key.id(), Pem.parsePublicKey(key.publicKeyPem(), "seal key " + key.id()));
            } catch (IOException unreadable) {
                // A key that cannot be read verifies nothing: its recordings show as not verified.
            }
        }
        return id -> Optional.ofNullable(keys.get(id));
    }

    private static Path localCopy(RecordingContent content) throws IOException {
        Path file = Files.createTempFile("hoshu-console-", ".jsonl");
        try (InputStream in = content.open()) {
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return file;
    }

    private static String cast(Path file) throws IOException {
        StringWriter out = new StringWriter();
        try (InputStream in = Files.newInputStream(file); RecordingReader reader = RecordingReader.open(in)) {
            Asciicast.write(reader, out, false);
        }
        return out.toString();
    }

    private static Optional<Long> hours(String hours) {
        if (hours == null || hours.isBlank()) {
            return Optional.empty();
        }
        if (!hours.strip().matches("\\d{1,5}")) {
            throw RefusedException.badRequest("refused: hours must be a whole number of hours such as 24");
        }
        return Optional.of(Long.parseLong(hours.strip()));
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
