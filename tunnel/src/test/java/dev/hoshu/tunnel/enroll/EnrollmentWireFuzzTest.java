package dev.hoshu.tunnel.enroll;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hoshu.tunnel.TestPki;
import org.junit.jupiter.api.Tag;
import dev.hoshu.tunnel.pki.DeviceCertificates;
import dev.hoshu.tunnel.pki.PemFiles;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.time.Duration;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Everything the tunnel port parses from a stranger before it knows who they are: the enrollment frame, its JSON,
 * the join token and the CSR, up to signing. Any input may be refused, but only with the refusals the handler
 * turns into one line; anything else (a NullPointerException, a ClassCastException, running out of memory) is a
 * finding. Every build runs the seeds under {@code src/test/resources/.../EnrollmentWireFuzzTestInputs}, then
 * fuzzes for 30 seconds; {@code mvn -Pfuzz} fuzzes for an hour instead (see the tunnel pom).
 */
class EnrollmentWireFuzzTest {

    private static final TestPki PKI = TestPki.create("hoshu device CA");

    @FuzzTest(maxDuration = "30s")
    void enrollmentWire(byte[] input) {
        parseWire(input);
    }

    @FuzzTest(maxDuration = "1h")
    @Tag("fuzz-long")
    void enrollmentWireLong(byte[] input) {
        parseWire(input);
    }

    private static void parseWire(byte[] input) {
        EmbeddedChannel channel = new EmbeddedChannel();
        EnrollmentFrames.addTo(channel.pipeline());
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(input));
            channel.checkException();
        } catch (DecoderException refused) {
            return; // oversized, not JSON, not an object: "malformed enrollment request" or "frame exceeds"
        } finally {
            channel.finishAndReleaseAll();
        }
        for (Object frame; (frame = channel.readInbound()) != null; ) {
            parseRequest((JsonNode) frame);
        }
    }

    private static void parseRequest(JsonNode frame) {
        EnrollmentRequest request;
        try {
            request = JsonFrameCodec.JSON.treeToValue(frame, EnrollmentRequest.class);
        } catch (JacksonException refused) {
            return;
        }
        if (request.token() == null || request.csr() == null) {
            return;
        }
        try {
            JoinToken.parse(request.token());
        } catch (IllegalArgumentException refused) {
            // the broker's answer: "join token is malformed"
        }
        PKCS10CertificationRequest csr;
        try {
            csr = PemFiles.readCsr(request.csr());
        } catch (IllegalArgumentException refused) {
            return;
        }
        try {
            DeviceCertificates.issueDevice(csr, "CT-01", "hosp-a", PKI.caKeys(), PKI.ca(), Duration.ofHours(1));
        } catch (IllegalArgumentException refused) {
            // a CSR whose signature or key does not check out
        }
    }
}
