package dev.hoshu.broker.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The signature a receiver checks, against a value computed with {@code openssl dgst -sha256 -hmac}. */
class WebhookSignatureTest {

    private static final byte[] BODY = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    private static final Instant AT = Instant.ofEpochSecond(1_700_000_000L);
    private static final Duration WINDOW = WebhookSignature.DEFAULT_WINDOW;

    @Test
    void signsTimestampDotBodyWithHmacSha256() {
        // printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
        assertEquals("v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789",
                WebhookSignature.sign("whsec_test", 1_700_000_000L, BODY));
    }

    @Test
    void aReceiverAcceptsOnlyTheSameSecretBodyAndAFreshTimestamp() {
        String signature = WebhookSignature.sign("whsec_test", AT.getEpochSecond(), BODY);
        String stamp = Long.toString(AT.getEpochSecond());
        assertTrue(WebhookSignature.verify("whsec_test", stamp, BODY, signature, AT.plusSeconds(299), WINDOW));
        assertFalse(WebhookSignature.verify("whsec_other", stamp, BODY, signature, AT, WINDOW), "another secret");
        assertFalse(WebhookSignature.verify("whsec_test", stamp, "{\"a\":2}".getBytes(StandardCharsets.UTF_8),
                signature, AT, WINDOW), "a changed body");
        assertFalse(WebhookSignature.verify("whsec_test", Long.toString(AT.getEpochSecond() + 1), BODY, signature,
                AT, WINDOW), "a changed timestamp");
        assertFalse(WebhookSignature.verify("whsec_test", stamp, BODY, signature, AT.plusSeconds(301), WINDOW),
                "a replay after the window");
        assertFalse(WebhookSignature.verify("whsec_test", "soon", BODY, signature, AT, WINDOW), "no number");
        assertFalse(WebhookSignature.verify("whsec_test", null, BODY, signature, AT, WINDOW), "no timestamp");
    }
}
