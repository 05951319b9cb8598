package dev.hoshu.agent.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The catalog's fields of an invocation (ADR 0020): parsed strictly, absent meaning "none revoked, no list". */
class ToolInvocationCatalogFieldsTest {

    @Test
    void revokedVersionsAndTrustedKeysAreRead() throws Exception {
        ToolInvocation invocation = ToolInvocation.parse("{\"session\":\"s-1\",\"tool\":\"status\",\"args\":[],"
                + "\"revoked\":[\"1.0.0\"],\"trustedKeys\":[]}");
        assertEquals(List.of("1.0.0"), invocation.revoked());
        assertEquals(List.of(), invocation.trustedKeys());
    }

    @Test
    void withoutThemNothingIsRevokedAndTheDeviceKeysDecide() throws Exception {
        ToolInvocation invocation = ToolInvocation.parse("{\"session\":\"s-1\",\"tool\":\"status\",\"args\":[]}");
        assertEquals(List.of(), invocation.revoked());
        assertNull(invocation.trustedKeys());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"revoked\":null", "\"revoked\":\"1.0.0\"", "\"revoked\":[1]", "\"trustedKeys\":null",
            "\"trustedKeys\":{\"a\":1}", "\"revoked\":[],\"revoked\":[\"1.0.0\"]"})
    void aMalformedCatalogFieldRefusesTheWholeInvocation(String field) {
        assertThrows(MalformedInvocationException.class, () -> ToolInvocation.parse(
                "{\"session\":\"s-1\",\"tool\":\"status\",\"args\":[]," + field + "}"));
    }
}
