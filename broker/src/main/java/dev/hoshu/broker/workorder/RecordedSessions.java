package dev.hoshu.broker.workorder;

import dev.hoshu.api.service.RefusedException;
import dev.hoshu.broker.recording.archive.RecordingLibrary;
import dev.hoshu.broker.recording.archive.StoredRecording;
import dev.hoshu.recording.RecordedHeader;
import dev.hoshu.recording.RecordingReader;
import dev.hoshu.recording.RecordingVerifier;
import dev.hoshu.recording.VerificationReport;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a hospital's sessions back from their recordings: the header, the commands, exit status, cut and end, and
 * the verifier's finding. Reports and timelines state what the recordings say, so they are read, not remembered.
 */
public final class RecordedSessions {

    private static final Logger log = LoggerFactory.getLogger(RecordedSessions.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Far above any header the gateway writes (the arguments it admits are bounded); a longer one is not a header. */
    private static final int MAX_HEADER_BYTES = 1024 * 1024;

    private final RecordingLibrary library;
    private final Function<String, Optional<PublicKey>> sealKeys;

    /** @param library every place a recording may be: the local folder, then object storage */
    public RecordedSessions(RecordingLibrary library, Function<String, Optional<PublicKey>> sealKeys) {
        this.library = library;
        this.sealKeys = sealKeys;
    }

    /** The sessions recorded under {@code grantId} at {@code hospital}, oldest first. */
    public List<RecordedSession> ofGrant(String hospital, String grantId) {
        return matching(hospital, header -> grantId.equals(header.grant()));
    }

    /** The sessions of {@code hospital} whose header {@code wanted} accepts, oldest first. */
    public List<RecordedSession> matching(String hospital, Predicate<RecordedHeader> wanted) {
        List<StoredRecording> stored;
        try {
            stored = library.list(hospital);
        } catch (IllegalArgumentException notAPlainName) {
            return List.of();
        } catch (IOException e) {
            // Fail closed: a report signed from a partial list would say sessions never happened.
            throw RefusedException.unavailable("refused: the recordings of " + hospital + " cannot be read now ("
                    + e.getMessage() + "); try again when the recording store answers");
        }
        List<RecordedSession> found = new ArrayList<>();
        for (StoredRecording recording : stored) {
            // Only the header is read to choose; a chosen recording, which may be in object storage, is read from a
            // local copy, gone once read.
            Path file = null;
            try {
                Optional<RecordedHeader> chosen = header(recording).filter(h -> hospital.equals(h.hospital()))
                        .filter(h -> recording.key().session().equals(h.session()))
                        .filter(wanted);
                if (chosen.isEmpty()) {
                    continue;
                }
                file = localCopy(recording);
                read(file, chosen.get()).ifPresent(found::add);
            } catch (IOException e) {
                throw RefusedException.unavailable("refused: recording " + recording.key().session() + " of "
                        + hospital + " cannot be read now (" + e.getMessage() + "); try again when the recording "
                        + "store answers");
            } finally {
                deleteQuietly(file);
            }
        }
        found.sort(Comparator.comparing(RecordedSession::started).thenComparing(RecordedSession::session));
        return found;
    }

    private Path localCopy(StoredRecording recording) throws IOException {
        Path file = Files.createTempFile("hoshu-recorded-", ".jsonl");
        try (InputStream in = library.open(recording.key(), recording.size())) {
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
        return file;
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.warn("temporary copy {} not removed: {}", file, e.toString());
            }
        }
    }

    /** @throws IOException when the store cannot be read; an unreadable header only leaves the recording out */
    private Optional<RecordedHeader> header(StoredRecording recording) throws IOException {
        byte[] firstLine;
        try (InputStream in = new BufferedInputStream(library.open(recording.key(), recording.size()))) {
            firstLine = firstLine(in);
        }
        try (RecordingReader reader = RecordingReader.open(new ByteArrayInputStream(firstLine))) {
            return Optional.of(reader.header());
        } catch (IOException | RuntimeException e) {
            log.warn("recording {} left out: {}", recording.key().name(), e.getMessage());
            return Optional.empty();
        }
    }

    /** The header line, read without the rest: choosing among a hospital's recordings does not fetch them whole. */
    private static byte[] firstLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && line.size() <= MAX_HEADER_BYTES; b = in.read()) {
            line.write(b);
            if (b == '\n') {
                break;
            }
        }
        return line.toByteArray();
    }

    private Optional<RecordedSession> read(Path file, RecordedHeader header) {
        List<String> commands = new ArrayList<>();
        Integer exit = null;
        String cutBy = null;
        String cutReason = null;
        Instant cutAt = null;
        String endedHow = null;
        long lastMillis = 0;
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            lines.readLine();
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                JsonNode event = parse(line);
                if (event == null) {
                    continue;
                }
                lastMillis = event.path("t").asLong(lastMillis);
                switch (event.path("k").asString("")) {
                    case "exec" -> commands.add(commandOf(event));
                    case "exit" -> exit = event.path("status").isIntegralNumber() ? event.path("status").asInt() : exit;
                    case "kill" -> {
                        cutBy = event.path("by").asString(null);
                        cutReason = event.path("reason").asString(null);
                        cutAt = header.started().plusMillis(lastMillis);
                    }
                    case "end" -> endedHow = event.path("how").asString(null);
                    default -> { }
                }
            }
            VerificationReport verification = new RecordingVerifier().verify(file, sealKeys);
            return Optional.of(new RecordedSession(header.session(), header.grant(), header.engineer(),
                    header.company(), header.device(), header.hospital(), header.tool(), header.args(),
                    header.started(), header.started().plusMillis(lastMillis), commands, exit, cutBy, cutReason, cutAt,
                    endedHow, verification));
        } catch (IOException | RuntimeException e) {
            log.warn("recording {} could not be read: {}", file.getFileName(), e.getMessage());
            return Optional.empty();
        }
    }

    private static String commandOf(JsonNode exec) {
        StringBuilder command = new StringBuilder(exec.path("tool").asString("?"));
        for (JsonNode arg : exec.path("args")) {
            command.append(' ').append(arg.asString(""));
        }
        return command.toString();
    }

    private static JsonNode parse(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return node != null && node.isObject() ? node : null;
        } catch (JacksonException e) {
            return null;
        }
    }
}
