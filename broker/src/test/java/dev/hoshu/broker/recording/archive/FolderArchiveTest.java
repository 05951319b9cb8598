package dev.hoshu.broker.recording.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.tools.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recording store contract on a local folder, and the write-once folder of the immutable copy. */
class FolderArchiveTest extends RecordingArchiveContract {

    @TempDir
    Path root;

    @Override
    RecordingArchive archive() {
        return new FolderArchive(root, false);
    }

    @Override
    void plantForeign(String name, byte[] content) throws IOException {
        Path file = root.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    @Test
    void aWriteOnceFolderKeepsFilesReadOnlyAndRefusesDeletion() throws Exception {
        FolderArchive copy = new FolderArchive(root, true);
        RecordingKey key = new RecordingKey("hosp-a", "s-1");
        Path file = file("a.jsonl", "sealed\n");
        copy.put(key, file, Sha256.hexOf(file), null);

        assertThatThrownBy(() -> copy.delete(key)).hasMessageContaining("write-once");
        assertThat(Files.exists(root.resolve("hosp-a/s-1.jsonl"))).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("hosp-a/s-1.jsonl"))))
                .isEqualTo("r--------");
        assertThat(copy.immutability()).isPresent();
    }

    @Test
    void aLinkInTheFolderIsNotFollowed() throws Exception {
        Path outside = file("outside.jsonl", "not the hospital's\n");
        Files.createDirectories(root.resolve("hosp-a"));
        Files.createSymbolicLink(root.resolve("hosp-a/s-link.jsonl"), outside);
        FolderArchive archive = new FolderArchive(root, false);

        assertThat(archive.list("hosp-a")).isEmpty();
        assertThatThrownBy(() -> archive.open(new RecordingKey("hosp-a", "s-link"))).isInstanceOf(IOException.class);
    }
}
