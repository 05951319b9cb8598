package dev.hoshu.broker.recording.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectLockConfigurationResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Recordings in an S3-compatible bucket, one object per recording under {@code <hospital>/<session>.jsonl}. An
 * upload carries its MD5 (so the store refuses bytes damaged on the way) and its SHA-256 as metadata, and counts
 * only once the object read back has that SHA-256. Where the bucket has object lock, each upload is locked until
 * its retain-until time.
 */
public final class S3Archive implements RecordingArchive, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(S3Archive.class);

    private final S3Client s3;
    private final String bucket;
    private final S3Settings settings;
    private final ObjectLockMode lockMode;

    S3Archive(S3Client s3, S3Settings settings, ObjectLockMode lockMode) {
        this.s3 = s3;
        this.bucket = settings.bucket();
        this.settings = settings;
        this.lockMode = lockMode;
    }

    /**
     * Connects and asks the bucket whether it has object lock; says in the log what it found.
     *
     * @param what the property prefix, for refusals ({@code hoshu.recordings.s3})
     */
    public static S3Archive connect(S3Settings settings, String what) {
        settings.checked(what);
        AwsCredentialsProvider credentials = settings.accessKey() != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()))
                : EnvironmentVariableCredentialsProvider.create();
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                // The SHA-256 read back is the check; trailing checksums are not understood by every S3 server.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        S3Client s3 = builder.build();
        ObjectLockMode mode = null;
        if (!settings.objectLockMode().equals("NONE")) {
            mode = lockSupported(s3, settings) ? ObjectLockMode.fromValue(settings.objectLockMode()) : null;
        }
        if (mode != null) {
            log.info("recordings in {} are locked in {} mode until their retention ends", settings, mode);
        } else if (settings.objectLockMode().equals("NONE")) {
            log.warn("recordings in {} are not locked (object-lock-mode none): whoever holds the store's credentials can delete them", settings);
        }
        return new S3Archive(s3, settings, mode);
    }

    private static boolean lockSupported(S3Client s3, S3Settings settings) {
        try {
            GetObjectLockConfigurationResponse lock = s3.getObjectLockConfiguration(b -> b.bucket(settings.bucket()));
            if (lock.objectLockConfiguration() != null
                    && lock.objectLockConfiguration().objectLockEnabled() == ObjectLockEnabled.ENABLED) {
                return true;
            }
            log.warn("bucket {} has no object lock: recordings there are not immutable; enable object lock on the bucket"
                    + " for {} retention", settings, settings.objectLockMode());
        } catch (SdkException e) {
            log.warn("{} does not support object lock ({}): recordings there are not immutable", settings,
                    oneLine(e));
        }
        return false;
    }

    @Override
    public String describe() {
        return "s3://" + bucket;
    }

    @Override
    public void put(RecordingKey key, Path file, String sha256, Instant retainUntil) throws IOException {
        Optional<StoredRecording> existing = stat(key);
        if (existing.isPresent()) {
            confirm(key, sha256);
            return;
        }
        PutObjectRequest.Builder request = PutObjectRequest.builder()
                .bucket(bucket).key(key.name())
                .contentType("application/jsonl")
                .contentMD5(md5Of(file))
                .metadata(Map.of("sha256", sha256));
        if (lockMode != null && retainUntil != null) {
            request.objectLockMode(lockMode).objectLockRetainUntilDate(retainUntil);
        }
        try {
            s3.putObject(request.build(), RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw new IOException(describe() + " refused " + key.name() + ": " + oneLine(e), e);
        }
        confirm(key, sha256);
    }

    private void confirm(RecordingKey key, String sha256) throws IOException {
        String stored = StreamDigest.sha256(open(key));
        if (!stored.equals(sha256)) {
            throw new IOException(describe() + " holds other bytes under " + key.name() + " (SHA-256 " + stored + ")");
        }
    }

    @Override
    public Optional<StoredRecording> stat(RecordingKey key) throws IOException {
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key.name()));
            return Optional.of(new StoredRecording(key, head.contentLength(), head.lastModified()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw new IOException(describe() + ": " + oneLine(e), e);
        } catch (SdkException e) {
            throw new IOException(describe() + ": " + oneLine(e), e);
        }
    }

    @Override
    public InputStream open(RecordingKey key) throws IOException {
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key.name()));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key.name());
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new NoSuchFileException(key.name());
            }
            throw new IOException(describe() + ": " + oneLine(e), e);
        } catch (SdkException e) {
            throw new IOException(describe() + ": " + oneLine(e), e);
        }
    }

    @Override
    public byte[] read(RecordingKey key, long offset, int length) throws IOException {
        if (length <= 0) {
            return new byte[0];
        }
        try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(key.name())
                .range("bytes=" + offset + "-" + (offset + length - 1)))) {
            return in.readNBytes(length);
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key.name());
        } catch (SdkException e) {
            throw new IOException(describe() + ": " + oneLine(e), e);
        }
    }

    @Override
    public List<StoredRecording> list(String hospital) throws IOException {
        if (hospital != null && !RecordingKey.isPlainName(hospital)) {
            return List.of();
        }
        ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket);
        if (hospital != null) {
            request.prefix(hospital + "/");
        }
        List<StoredRecording> found = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(request.build()).contents()) {
                // Objects that are not recordings (another tool's, a traversal-shaped name) are left alone.
                RecordingKey.parse(object.key()).ifPresent(key ->
                        found.add(new StoredRecording(key, object.size(), object.lastModified())));
            }
        } catch (SdkException e) {
            throw new IOException(describe() + " could not be listed: " + oneLine(e), e);
        }
        return found;
    }

    /**
     * Deletes every version of the recording. On a versioned bucket a plain delete only hides the object behind a
     * delete marker and the bytes stay, so retention would keep what it says it removed; versions are deleted one by
     * one, delete markers included. A store that does not list versions gets the plain delete.
     */
    @Override
    public void delete(RecordingKey key) throws IOException {
        try {
            List<String> versions = versionsOf(key);
            if (versions.isEmpty()) {
                s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(key.name()).build());
                return;
            }
            for (String version : versions) {
                s3.deleteObject(DeleteObjectRequest.builder().bucket(bucket).key(key.name()).versionId(version).build());
            }
        } catch (SdkException e) {
            throw new IOException(describe() + " refused to delete " + key.name() + ": " + oneLine(e), e);
        }
    }

    /** The key's versions and delete markers, or none where the store does not keep versions or cannot list them. */
    private List<String> versionsOf(RecordingKey key) {
        List<String> versions = new ArrayList<>();
        String keyMarker = null;
        String versionMarker = null;
        try {
            ListObjectVersionsResponse page;
            do {
                page = s3.listObjectVersions(ListObjectVersionsRequest.builder().bucket(bucket).prefix(key.name())
                        .keyMarker(keyMarker).versionIdMarker(versionMarker).build());
                page.versions().stream().filter(v -> v.key().equals(key.name()))
                        .forEach(v -> versions.add(v.versionId()));
                page.deleteMarkers().stream().filter(m -> m.key().equals(key.name()))
                        .forEach(m -> versions.add(m.versionId()));
                keyMarker = page.nextKeyMarker();
                versionMarker = page.nextVersionIdMarker();
            } while (Boolean.TRUE.equals(page.isTruncated()));
        } catch (S3Exception e) {
            if (e.statusCode() == 501 || e.statusCode() == 400) {
                return List.of();
            }
            throw e;
        }
        versions.removeIf(java.util.Objects::isNull);
        return versions;
    }

    @Override
    public Optional<String> immutability() {
        return lockMode == null ? Optional.empty() : Optional.of("object lock " + lockMode);
    }

    @Override
    public void close() {
        s3.close();
    }

    private static String md5Of(Path file) throws IOException {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no MD5", e);
        }
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                md5.update(buffer, 0, n);
            }
        }
        return Base64.getEncoder().encodeToString(md5.digest());
    }

    static String oneLine(Exception e) {
        String message;
        if (e instanceof S3Exception s3) {
            String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            message = (code == null || code.isBlank() ? "error" : code) + " (HTTP " + s3.statusCode() + ")";
        } else {
            message = String.valueOf(e.getMessage());
        }
        return message.replaceAll("[\\p{Cntrl}]+", " ").strip();
    }

}
