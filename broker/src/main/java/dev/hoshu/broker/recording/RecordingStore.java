package dev.hoshu.broker.recording;

import dev.hoshu.recording.RecordingChain;
import dev.hoshu.recording.RecordingHeader;
import dev.hoshu.tools.KeyIds;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where recordings live: {@code <recordingsDir>/<hospital>/<session>.jsonl}, one file per session,
 * never overwritten. Files and folders are owner-only, since recordings hold personal data (REQ-REC-7).
 */
public final class RecordingStore implements AutoCloseable {

    // Hospital and session ids become path parts, so only plain names pass: no separators, no "..".
    private static final Pattern PATH_PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path root;
    private final DurableFiles files;
    private final GroupCommitWriter writer;
    private final Supplier<KeyPair> sealKeys;
    private final String nodeName;
    // Recordings a session still writes: never uploaded, moved or expired while here.
    private final Set<Path> open = ConcurrentHashMap.newKeySet();
    private volatile Consumer<Path> whenClosed = file -> { };

    /** A store that seals every recording with one key. */
    public RecordingStore(Path recordingsDir, KeyPair sealKey, String nodeName) {
        this(recordingsDir, sealKey, nodeName, DurableFiles.onDisk());
    }

    /** @param files how recording files are created; tests pass one that can pause or fail the disk */
    public RecordingStore(Path recordingsDir, KeyPair sealKey, String nodeName, DurableFiles files) {
        this(recordingsDir, fixed(sealKey), nodeName, files);
    }

    /** @param sealKeys the key that seals recordings opened now; a rotation changes what it answers */
    public RecordingStore(Path recordingsDir, Supplier<KeyPair> sealKeys, String nodeName, DurableFiles files) {
        this.root = recordingsDir.toAbsolutePath().normalize();
        this.files = Objects.requireNonNull(files, "files");
        this.writer = new GroupCommitWriter("hoshu-recording");
        this.sealKeys = Objects.requireNonNull(sealKeys, "sealKeys");
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
    }

    private static Supplier<KeyPair> fixed(KeyPair sealKey) {
        Objects.requireNonNull(sealKey, "sealKey");
        return () -> sealKey;
    }

    /**
     * Creates the session's file (never an existing one) and writes the header line, started now, durably.
     * This is also the store's health check: while the disk cannot be written, every new session is refused
     * here, and the first header that is written again lets sessions start.
     *
     * @throws RecordingUnavailableException when the file cannot be created or written
     */
    public SessionRecording open(RecordingHeader header) throws IOException {
        KeyPair sealKey = sealKeys.get();
        String sealKeyId = KeyIds.of(sealKey.getPublic());
        if (!sealKeyId.equals(header.sealKey())) {
            // The key was rotated after the caller asked for its id: the header names the key that will seal.
            header = new RecordingHeader(header.session(), header.grant(), header.approvers(), header.engineer(),
                    header.company(), header.device(), header.hospital(), header.node(), header.tool(), header.args(),
                    header.deviceClockOffsetMs(), sealKeyId);
        }
        if (!nodeName.equals(header.node())) {
            throw new IllegalArgumentException("recording header names node " + header.node() + " but this is "
                    + nodeName);
        }
        Path file = pathOf(header.hospital(), header.session());
        // Marked before the file exists, so an upload pass that lists the folder meanwhile leaves it alone.
        if (!open.add(file)) {
            throw new FileAlreadyExistsException(header.session());
        }
        try {
            return openMarked(header, sealKey, file);
        } catch (IOException | RuntimeException e) {
            open.remove(file);
            throw e;
        }
    }

    private SessionRecording openMarked(RecordingHeader header, KeyPair sealKey, Path file) throws IOException {
        try {
            createOwnerOnlyDirectories(file.getParent());
        } catch (IOException e) {
            throw new RecordingUnavailableException("cannot create the recordings folder of " + header.hospital(), e);
        }
        DurableFile created;
        try {
            created = files.createNew(file);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (IOException e) {
            throw new RecordingUnavailableException("cannot create the recording file", e);
        }
        GroupCommitWriter.Target target = new GroupCommitWriter.Target(created, file.getFileName().toString());
        SessionRecording recording = new SessionRecording(header.session(), file, writer, target,
                new RecordingChain(header, Instant.now()), sealKey.getPrivate(), () -> closed(file));
        try {
            recording.writeHeader();
        } catch (IOException | RuntimeException e) {
            // No session started, so nothing was recorded: an empty file would only puzzle search and auditors.
            writer.close(target).handle((closed, failure) -> deleteQuietly(file)).join();
            throw e;
        }
        return recording;
    }

    private void closed(Path file) {
        open.remove(file);
        whenClosed.accept(file);
    }

    /** Whether a session still writes this recording file. */
    public boolean isOpen(Path file) {
        return open.contains(file.toAbsolutePath().normalize());
    }

    /**
     * Tells {@code listener} of each recording file once its session closed it (sealed, or ended by a write
     * failure); it runs on the closing thread, so it must only hand the work on.
     */
    public void whenClosed(Consumer<Path> listener) {
        this.whenClosed = Objects.requireNonNull(listener, "listener");
    }

    /** @throws IllegalArgumentException when either id is not a plain name (traversal, separators, oversize) */
    public Path pathOf(String hospital, String sessionId) {
        Path file = hospitalFolder(hospital).resolve(checkedPart("session", sessionId) + ".jsonl");
        if (!file.normalize().startsWith(root)) {
            throw new IllegalArgumentException("recording path escapes the recordings folder");
        }
        return file;
    }

    /** The folder of one hospital's recordings (it may not exist yet). */
    public Path hospitalFolder(String hospital) {
        return root.resolve(checkedPart("hospital", hospital));
    }

    /** The recording of a session in any hospital; empty for unknown or malformed ids. */
    public Optional<Path> find(String sessionId) {
        if (sessionId == null || !PATH_PART.matcher(sessionId).matches() || !Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> hospitals = Files.list(root)) {
            return hospitals
                    .filter(dir -> Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS))
                    .map(dir -> dir.resolve(sessionId + ".jsonl"))
                    .filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The id of the key that seals recordings opened now. */
    public String sealKeyId() {
        return KeyIds.of(sealKeys.get().getPublic());
    }

    public PublicKey sealPublicKey() {
        return sealKeys.get().getPublic();
    }

    public String nodeName() {
        return nodeName;
    }

    /** The folder every hospital's recordings live under. */
    public Path root() {
        return root;
    }

    /** Writes what is queued, then stops the writer thread; later appends fail. */
    @Override
    public void close() {
        writer.close();
    }

    private static boolean deleteQuietly(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            return false;
        }
    }

    private static String checkedPart(String what, String value) {
        if (value == null || !PATH_PART.matcher(value).matches()) {
            // The value itself is not echoed: it may hold control characters meant for a log or terminal.
            throw new IllegalArgumentException("refused: " + what + " id is not a plain name");
        }
        return value;
    }

    private static void createOwnerOnlyDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (POSIX) {
            FileAttribute<?> ownerOnly = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
            Files.createDirectories(dir, ownerOnly);
        } else {
            Files.createDirectories(dir);
        }
    }
}
