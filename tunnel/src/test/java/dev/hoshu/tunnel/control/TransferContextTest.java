package dev.hoshu.tunnel.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The broker's word to the agent about one transfer session, catalog facts included (ADR 0020). */
class TransferContextTest {

    @Test
    void theRevokedVersionsAndTheHospitalsKeysTravelWithTheContext() {
        TransferContext sent = new TransferContext("s-1", List.of("logcollect", "status"), false,
                Map.of("logcollect", List.of("1.0.0")), List.of("sha256:" + "K".repeat(43)));

        TransferContext received = TransferContext.parse(sent.toJson());

        assertEquals(sent, received);
        assertEquals(List.of("1.0.0"), received.revokedVersionsOf("logcollect"));
        assertEquals(List.of(), received.revokedVersionsOf("status"));
    }

    @Test
    void aContextWithoutCatalogFactsMeansNothingRevokedAndNoHospitalList() {
        TransferContext old = TransferContext.parse("{\"session\":\"s-2\",\"tools\":[\"logcollect\"],\"patientData\":false}");

        assertEquals(Map.of(), old.revoked());
        assertNull(old.trustedKeys());
    }

    @Test
    void anEmptyHospitalListStaysEmptyNotAbsent() {
        TransferContext none = TransferContext.parse(new TransferContext("s-3", List.of("logcollect"), false, Map.of(),
                List.of()).toJson());

        assertEquals(List.of(), none.trustedKeys());
    }

    @Test
    void oversizedOrUnknownFieldsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> TransferContext.parse("{\"session\":\"s-4\",\"tools\":"
                + "[\"logcollect\"],\"patientData\":false,\"revoked\":{\"logcollect\":[\"" + "9".repeat(70_000) + "\"]}}"));
        assertThrows(IllegalArgumentException.class, () -> TransferContext.parse("{\"session\":\"s-5\",\"tools\":"
                + "[\"logcollect\"],\"patientData\":false,\"env\":{\"LD_PRELOAD\":\"x\"}}"));
        assertThrows(IllegalArgumentException.class, () -> new TransferContext("s-6", List.of("logcollect"), false,
                Map.of("a", List.of(), "b", List.of()), null));
    }
}
