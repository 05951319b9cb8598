package dev.hoshu.broker.recording.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.tools.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every recording store must do, run against the local folder and against S3 (s3proxy): the same bytes come
 * back, nothing is overwritten, foreign names are left alone, and unknown recordings are not found.
 */
abstract class RecordingArchiveContract {

    @TempDir
    Path work;

    /** A fresh, empty store for each test. */
    abstract RecordingArchive archive() throws Exception;

    /** Puts a file that is not a recording under {@code name} in the store, behind the interface's back. */
    abstract void plantForeign(String name, byte[] content) throws Exception;

    Path file(String name, String content) throws IOException {
        Path file = work.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    @Test
    void whatIsStoredComesBackByteForByte() throws Exception {
        RecordingArchive archive = archive();
        Path file = file("a.jsonl", "{\"k\":\"header\"}\n{\"k\":\"o\",\"d\":\"aGVsbG8=\"}\n");
        RecordingKey key = new RecordingKey("hosp-a", "s-1");

        archive.put(key, file, Sha256.hexOf(file), null);

        assertThat(readAll(archive.open(key))).isEqualTo(Files.readAllBytes(file));
        assertThat(archive.stat(key)).get().extracting(StoredRecording::size).isEqualTo(Files.size(file));
        assertThat(new String(archive.read(key, 2, 6), StandardCharsets.UTF_8)).isEqualTo("k\":\"he");
        assertThat(archive.read(key, Files.size(file) - 3, 100)).hasSize(3);
    }

    @Test
    void listingIsPerHospitalAndLeavesForeignNamesOut() throws Exception {
        RecordingArchive archive = archive();
        Path file = file("a.jsonl", "x\n");
        String sha = Sha256.hexOf(file);
        archive.put(new RecordingKey("hosp-a", "s-1"), file, sha, null);
        archive.put(new RecordingKey("hosp-a", "s-2"), file, sha, null);
        archive.put(new RecordingKey("hosp-b", "s-3"), file, sha, null);
        plantForeign("hosp-a/notes.txt", "n".getBytes(StandardCharsets.UTF_8));
        plantForeign("hosp-a/.s-9.jsonl", "n".getBytes(StandardCharsets.UTF_8));

        assertThat(archive.list("hosp-a")).extracting(r -> r.key().session()).containsExactlyInAnyOrder("s-1", "s-2");
        assertThat(archive.list(null)).extracting(r -> r.key().name())
                .containsExactlyInAnyOrder("hosp-a/s-1.jsonl", "hosp-a/s-2.jsonl", "hosp-b/s-3.jsonl");
        assertThat(archive.list("../hosp-a")).isEmpty();
        assertThat(archive.list("hosp-c")).isEmpty();
    }

    @Test
    void theSameBytesAgainAreFineOtherBytesAreRefusedAndTheFirstStay() throws Exception {
        RecordingArchive archive = archive();
        RecordingKey key = new RecordingKey("hosp-a", "s-1");
        Path first = file("first.jsonl", "first\n");
        Path other = file("other.jsonl", "other\n");
        archive.put(key, first, Sha256.hexOf(first), null);

        archive.put(key, first, Sha256.hexOf(first), null);
        assertThatThrownBy(() -> archive.put(key, other, Sha256.hexOf(other), null))
                .isInstanceOf(IOException.class).hasMessageContaining("other bytes");

        assertThat(readAll(archive.open(key))).isEqualTo("first\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anUploadWhoseBytesDoNotMatchTheirShaIsNotConfirmed() throws Exception {
        RecordingArchive archive = archive();
        Path file = file("a.jsonl", "what the disk holds\n");

        assertThatThrownBy(() -> archive.put(new RecordingKey("hosp-a", "s-1"), file, Sha256.hex(new byte[] {1}), null))
                .isInstanceOf(IOException.class).hasMessageContaining("SHA-256");
    }

    @Test
    void unknownRecordingsAreNotFound() throws Exception {
        RecordingArchive archive = archive();
        RecordingKey key = new RecordingKey("hosp-a", "s-none");

        assertThat(archive.stat(key)).isEmpty();
        assertThatThrownBy(() -> archive.open(key)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void deletedRecordingsAreGoneAndDeletingTwiceIsFine() throws Exception {
        RecordingArchive archive = archive();
        RecordingKey key = new RecordingKey("hosp-a", "s-1");
        Path file = file("a.jsonl", "x\n");
        archive.put(key, file, Sha256.hexOf(file), Instant.now().plusSeconds(60));

        archive.delete(key);
        archive.delete(key);

        assertThat(archive.stat(key)).isEmpty();
        assertThat(archive.list(null)).isEmpty();
    }
}
