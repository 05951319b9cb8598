package dev.hoshu.broker.recording.archive;

import dev.hoshu.tools.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.Channels;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Recordings in a local folder, {@code <root>/<hospital>/<session>.jsonl}: the broker's own recordings folder,
 * or a write-once folder for the immutable copy (each file made read-only once stored). Links are never followed.
 */
public final class FolderArchive implements RecordingArchive {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path root;
    private final boolean writeOnce;

    /** @param writeOnce stored files become read-only and {@link #delete} is refused (the immutable copy) */
    public FolderArchive(Path root, boolean writeOnce) {
        this.root = root.toAbsolutePath().normalize();
        this.writeOnce = writeOnce;
    }

    public Path root() {
        return root;
    }

    /** Where the key's file is or would be; inside the root by construction of {@link RecordingKey}. */
    public Path fileOf(RecordingKey key) {
        Path file = root.resolve(key.hospital()).resolve(key.session() + ".jsonl");
        if (!file.normalize().startsWith(root)) {
            throw new IllegalArgumentException("refused: recording path escapes the recordings folder");
        }
        return file;
    }

    @Override
    public String describe() {
        return (writeOnce ? "write-once folder " : "folder ") + root;
    }

    @Override
    public void put(RecordingKey key, Path file, String sha256, Instant retainUntil) throws IOException {
        Path target = fileOf(key);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            confirm(key, target, sha256);
            return;
        }
        Files.createDirectories(target.getParent(), ownerOnlyFolder());
        Path temporary = target.resolveSibling("." + key.session() + ".jsonl.part");
        Files.copy(file, temporary, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        if (POSIX) {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString(writeOnce ? "r--------" : "rw-------"));
        }
        try {
            // A plain rename would replace a file that appeared meanwhile; a link refuses it.
            Files.createLink(target, temporary);
        } catch (FileAlreadyExistsException raced) {
            Files.deleteIfExists(temporary);
            confirm(key, target, sha256);
            return;
        } catch (UnsupportedOperationException noLinks) {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.deleteIfExists(temporary);
        syncFolder(target.getParent());
        confirm(key, target, sha256);
    }

    private static void confirm(RecordingKey key, Path target, String sha256) throws IOException {
        String stored = Sha256.hexOf(target);
        if (!stored.equals(sha256)) {
            throw new IOException("the store holds other bytes under " + key.name() + " (SHA-256 " + stored + ")");
        }
    }

    @Override
    public Optional<StoredRecording> stat(RecordingKey key) throws IOException {
        Path file = fileOf(key);
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return attributes.isRegularFile()
                    ? Optional.of(new StoredRecording(key, attributes.size(), attributes.lastModifiedTime().toInstant()))
                    : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public InputStream open(RecordingKey key) throws IOException {
        Path file = fileOf(key);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(key.name());
        }
        return Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public byte[] read(RecordingKey key, long offset, int length) throws IOException {
        Path file = fileOf(key);
        try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            return Channels.newInputStream(channel.position(offset)).readNBytes(length);
        }
    }

    @Override
    public List<StoredRecording> list(String hospital) throws IOException {
        List<Path> folders;
        if (hospital != null) {
            if (!RecordingKey.isPlainName(hospital)) {
                return List.of();
            }
            folders = List.of(root.resolve(hospital));
        } else if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> all = Files.list(root)) {
                folders = all.toList();
            }
        } else {
            folders = List.of();
        }
        List<StoredRecording> found = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Optional<RecordingKey> key = RecordingKey.parse(folder.getFileName() + "/" + file.getFileName());
                    if (key.isPresent()) {
                        stat(key.get()).ifPresent(found::add);
                    }
                }
            }
        }
        return found;
    }

    @Override
    public void delete(RecordingKey key) throws IOException {
        if (writeOnce) {
            throw new IOException("refused: " + describe() + " is write-once; its recordings are never deleted");
        }
        Files.deleteIfExists(fileOf(key));
    }

    @Override
    public Optional<String> immutability() {
        return writeOnce ? Optional.of("read-only files; the broker never deletes them") : Optional.empty();
    }

    private static java.nio.file.attribute.FileAttribute<?>[] ownerOnlyFolder() {
        return POSIX ? new java.nio.file.attribute.FileAttribute<?>[] {
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
                : new java.nio.file.attribute.FileAttribute<?>[0];
    }

    private static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // Not every file system lets a folder be opened for sync; the file itself is synced.
        }
    }
}
