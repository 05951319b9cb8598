package dev.hoshu.broker.recording.archive;

import java.net.URI;
import java.util.Locale;

/**
 * An S3-compatible bucket ({@code hoshu.recordings.s3.*} or {@code hoshu.recordings.copy.s3.*}).
 *
 * @param endpoint       the store's URL; {@code null} for AWS itself
 * @param bucket         the bucket, which must exist
 * @param region         the region to sign for ({@code us-east-1} when unset)
 * @param accessKey      the access key; when unset, {@code AWS_ACCESS_KEY_ID} from the environment
 * @param secretKey      the secret key; when unset, {@code AWS_SECRET_ACCESS_KEY}
 * @param pathStyle      {@code http://host/bucket/key} rather than {@code http://bucket.host/key} (MinIO, s3proxy)
 * @param objectLockMode {@code COMPLIANCE}, {@code GOVERNANCE} or {@code none}: how uploads are locked until their
 *                       retention ends, where the bucket has object lock enabled
 */
public record S3Settings(URI endpoint, String bucket, String region, String accessKey, String secretKey,
                         Boolean pathStyle, String objectLockMode) {

    public S3Settings {
        region = region == null || region.isBlank() ? "us-east-1" : region.strip();
        pathStyle = pathStyle != null && pathStyle;
        objectLockMode = objectLockMode == null || objectLockMode.isBlank() ? "COMPLIANCE"
                : objectLockMode.strip().toUpperCase(Locale.ROOT);
        if (!objectLockMode.equals("COMPLIANCE") && !objectLockMode.equals("GOVERNANCE") && !objectLockMode.equals("NONE")) {
            throw new IllegalArgumentException("object-lock-mode must be COMPLIANCE, GOVERNANCE or none, not "
                    + objectLockMode);
        }
    }

    /** @param what the property prefix, for the one-line refusal */
    S3Settings checked(String what) {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException(what + ".bucket is required for S3 recording storage");
        }
        if ((accessKey == null) != (secretKey == null)) {
            throw new IllegalArgumentException(what + ".access-key and " + what + ".secret-key go together");
        }
        return this;
    }

    @Override
    public String toString() {
        // Never the secret key: these settings end up in logs.
        return "s3://" + bucket + (endpoint == null ? "" : " at " + endpoint);
    }
}
