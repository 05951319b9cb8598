package dev.hoshu.broker.siem;

import dev.hoshu.broker.state.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** The last position the SIEM is taken to have received, on disk, replaced atomically at every advance. */
final class PositionFile {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path file;

    PositionFile(Path file) {
        this.file = file;
    }

    /** @throws IOException when the file exists but cannot be read as a position (the export stops, fail closed) */
    Optional<ExportPosition> read() throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            ExportPosition position = JSON.readValue(Files.readString(file, StandardCharsets.UTF_8), ExportPosition.class);
            if (position == null || !AuditFeed.isDayFileName(position.file())) {
                throw new IOException(file.getFileName() + " does not name an audit log file");
            }
            return Optional.of(position);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new IOException(file.getFileName() + " is unreadable: " + e.getMessage(), e);
        }
    }

    void write(ExportPosition position) throws IOException {
        AtomicFiles.write(file, JSON.writeValueAsBytes(position));
    }

    Path path() {
        return file;
    }
}
