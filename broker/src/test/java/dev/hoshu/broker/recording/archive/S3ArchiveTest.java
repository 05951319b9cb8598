package dev.hoshu.broker.recording.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.tools.Sha256;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The recording store contract against a real S3 server on loopback (s3proxy), plus what only a bucket does. */
class S3ArchiveTest extends RecordingArchiveContract {

    private static LoopbackS3 s3;
    private static final AtomicInteger BUCKETS = new AtomicInteger();
    private String bucket;
    private S3Archive archive;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = LoopbackS3.start();
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @AfterEach
    void closeClient() {
        s3.refuseWrites(false);
        if (archive != null) {
            archive.close();
        }
    }

    @Override
    RecordingArchive archive() {
        bucket = "recordings-" + BUCKETS.incrementAndGet();
        s3.createBucket(bucket);
        archive = S3Archive.connect(s3.settings(bucket), "hoshu.recordings.s3");
        return archive;
    }

    @Override
    void plantForeign(String name, byte[] content) {
        s3.putRaw(bucket, name, content);
    }

    @Test
    void objectKeysAreTheHospitalAndSessionOnly() throws Exception {
        RecordingArchive archive = archive();
        Path file = file("a.jsonl", "x\n");
        archive.put(new RecordingKey("hosp-a", "s-1"), file, Sha256.hexOf(file), null);

        assertThat(s3.keys(bucket)).containsExactly("hosp-a/s-1.jsonl");
        assertThat(s3.object(bucket, "hosp-a/s-1.jsonl")).isEqualTo("x\n".getBytes());
    }

    @Test
    void aBucketThatRefusesWritesFailsTheUploadAndStoresNothing() throws Exception {
        RecordingArchive archive = archive();
        Path file = file("a.jsonl", "x\n");
        s3.refuseWrites(true);

        assertThatThrownBy(() -> archive.put(new RecordingKey("hosp-a", "s-1"), file, Sha256.hexOf(file), null))
                .isInstanceOf(IOException.class).hasMessageStartingWith("s3://" + bucket + " refused hosp-a/s-1.jsonl");
        assertThat(s3.keys(bucket)).isEmpty();
    }

    @Test
    void aMissingBucketIsAnErrorNotAnEmptyList() {
        S3Archive missing = S3Archive.connect(s3.settings("no-such-bucket"), "hoshu.recordings.s3");
        try {
            assertThatThrownBy(() -> missing.list(null)).isInstanceOf(IOException.class);
        } finally {
            missing.close();
        }
    }

    @Test
    void s3proxyHasNoObjectLockAndTheArchiveSaysSo() {
        assertThat(((S3Archive) archive()).immutability()).isEmpty();
    }
}
