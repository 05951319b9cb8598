package dev.hoshu.broker.recording.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectVersion;

/**
 * Retention on a versioned bucket. s3proxy keeps no versions, so this bucket is a small fake that behaves as S3 does
 * with versioning on: a delete without a version id only adds a delete marker and the bytes stay.
 */
class VersionedBucketDeleteTest {

    /** Per key, its versions (oldest first) and, marked with a leading "marker:", its delete markers. */
    private final Map<String, List<String>> bucket = new LinkedHashMap<>();
    private int nextVersion;

    @Test
    void aRecordingPastRetentionLeavesNoVersionAndNoMarkerBehind() throws Exception {
        put("hosp-a/s-1.jsonl");
        put("hosp-a/s-1.jsonl");
        bucket.get("hosp-a/s-1.jsonl").add("marker:" + ++nextVersion);
        put("hosp-a/s-1.jsonl.copy");
        put("hosp-a/s-10.jsonl");

        archive().delete(new RecordingKey("hosp-a", "s-1"));

        assertThat(bucket.get("hosp-a/s-1.jsonl")).isEmpty();
        assertThat(bucket.get("hosp-a/s-1.jsonl.copy")).hasSize(1);
        assertThat(bucket.get("hosp-a/s-10.jsonl")).hasSize(1);
    }

    private void put(String key) {
        bucket.computeIfAbsent(key, k -> new ArrayList<>()).add("v" + ++nextVersion);
    }

    private S3Archive archive() {
        return new S3Archive(s3(), new S3Settings(null, "b", null, null, null, true, "NONE"), null);
    }

    private S3Client s3() {
        return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "listObjectVersions" -> list((ListObjectVersionsRequest) args[0]);
                    case "deleteObject" -> delete((DeleteObjectRequest) args[0]);
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private ListObjectVersionsResponse list(ListObjectVersionsRequest request) {
        List<ObjectVersion> versions = new ArrayList<>();
        List<DeleteMarkerEntry> markers = new ArrayList<>();
        bucket.forEach((key, entries) -> {
            if (key.startsWith(request.prefix())) {
                for (String entry : entries) {
                    if (entry.startsWith("marker:")) {
                        markers.add(DeleteMarkerEntry.builder().key(key).versionId(entry).build());
                    } else {
                        versions.add(ObjectVersion.builder().key(key).versionId(entry).build());
                    }
                }
            }
        });
        return ListObjectVersionsResponse.builder().versions(versions).deleteMarkers(markers).isTruncated(false).build();
    }

    private DeleteObjectResponse delete(DeleteObjectRequest request) {
        List<String> entries = bucket.computeIfAbsent(request.key(), k -> new ArrayList<>());
        if (request.versionId() == null) {
            entries.add("marker:" + ++nextVersion);
        } else {
            entries.remove(request.versionId());
        }
        return DeleteObjectResponse.builder().build();
    }
}
