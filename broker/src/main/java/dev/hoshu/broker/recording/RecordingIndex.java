package dev.hoshu.broker.recording;

import dev.hoshu.api.service.RecordingSummary;
import dev.hoshu.recording.RecordedHeader;
import dev.hoshu.recording.RecordingReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What search knows about each recording: its header and how it ended, read from the first line and the last
 * lines of the file. A file is read again only when its modification time or size changed, so a search over
 * finished recordings costs one {@code stat} per file.
 */
public final class RecordingIndex {

    private static final Logger log = LoggerFactory.getLogger(RecordingIndex.class);

    private final RecordingStore store;
    private final Map<Path, Indexed> cache = new ConcurrentHashMap<>();

    private record Indexed(FileTime modified, long size, RecordingSummary summary) {
    }

    public RecordingIndex(RecordingStore store) {
        this.store = store;
    }

    /** The recordings of one hospital, or of every hospital when {@code hospital} is {@code null}; unordered. */
    public List<RecordingSummary> recordings(String hospital) {
        List<RecordingSummary> found = new ArrayList<>();
        for (Path folder : hospitalFolders(hospital)) {
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(file -> file.getFileName().toString().endsWith(".jsonl"))
                        .filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
                        .forEach(file -> summaryOf(file).ifPresent(found::add));
            } catch (IOException e) {
                log.warn("recordings of {} could not be listed: {}", folder.getFileName(), e.toString());
            }
        }
        cache.keySet().removeIf(file -> !Files.exists(file, LinkOption.NOFOLLOW_LINKS));
        return found;
    }

    private List<Path> hospitalFolders(String hospital) {
        if (hospital != null) {
            Path folder;
            try {
                folder = store.hospitalFolder(hospital);
            } catch (IllegalArgumentException notAPlainName) {
                return List.of();
            }
            return Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS) ? List.of(folder) : List.of();
        }
        if (!Files.isDirectory(store.root())) {
            return List.of();
        }
        try (Stream<Path> folders = Files.list(store.root())) {
            return folders.filter(dir -> Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)).toList();
        } catch (IOException e) {
            log.warn("recordings folder could not be listed: {}", e.toString());
            return List.of();
        }
    }

    private Optional<RecordingSummary> summaryOf(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Indexed cached = cache.get(file);
            if (cached != null && cached.modified().equals(attributes.lastModifiedTime()) && cached.size() == attributes.size()) {
                return Optional.of(cached.summary());
            }
            RecordingSummary summary = read(file, attributes.size());
            cache.put(file, new Indexed(attributes.lastModifiedTime(), attributes.size(), summary));
            return Optional.of(summary);
        } catch (IOException | RuntimeException e) {
            // One unreadable or foreign file must not hide the others from the auditors.
            log.warn("recording {} left out of search: {}", file.getFileName(), e.getMessage());
            return Optional.empty();
        }
    }

    private static RecordingSummary read(Path file, long size) throws IOException {
        RecordedHeader header;
        try (InputStream in = Files.newInputStream(file); RecordingReader reader = RecordingReader.open(in)) {
            header = reader.header();
        }
        String hospital = file.getParent().getFileName().toString();
        if (!Objects.equals(header.hospital(), hospital) || !file.getFileName().toString().equals(header.session() + ".jsonl")) {
            throw new IOException("header names another hospital or session than its place in the store");
        }
        RecordingTail tail = RecordingTail.of(file, size);
        return new RecordingSummary(header.session(), hospital, header.device(), header.engineer(), header.company(),
                header.tool(), header.args(), header.started(), header.started().plusMillis(tail.lastMillis()),
                tail.exitStatus(), tail.sealed(), size);
    }
}
