package dev.hoshu.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ToolManifestTest {

    private static final ToolManifest STATUS = ToolFixture.manifest("status", List.of(new ToolFile("bin/status", "00")));

    static Stream<Arguments> args() {
        return Stream.of(
                Arguments.of(List.of("--since=1h", "/var/log/ct", "a:b"), "allowed"),
                Arguments.of(List.of("ok", "; reboot"), "denied: argument '; reboot' is not allowed for tool 'status' "
                        + "(must match " + ToolManifest.DEFAULT_ARG_PATTERN + ")"),
                Arguments.of(List.of("$(id)"), "denied: argument '$(id)' is not allowed for tool 'status' "
                        + "(must match " + ToolManifest.DEFAULT_ARG_PATTERN + ")"),
                Arguments.of(List.of("a\nb"), "denied: argument 'a\\u000ab' holds a control character, which no tool "
                        + "accepts"),
                Arguments.of(List.of("x".repeat(129)), "denied: argument '" + "x".repeat(80)
                        + "…' is not allowed for tool 'status' (must match " + ToolManifest.DEFAULT_ARG_PATTERN + ")"));
    }

    @ParameterizedTest
    @MethodSource("args")
    void argumentsMustMatchThePattern(List<String> args, String expected) {
        assertEquals(expected, STATUS.checkArgs(args).reason());
    }

    @Test
    void jsonUsesTheDocumentedFieldNames() {
        String json = new String(STATUS.toJson(), StandardCharsets.UTF_8);
        for (String field : List.of("name", "version", "manufacturer", "models", "entrypoint", "files", "path",
                "sha256Hex", "argPattern", "timeLimitSeconds", "needsTerminal", "touchesPatientData",
                "validationRecord", "cautions")) {
            assertTrue(json.contains("\"" + field + "\""), field);
        }
        assertEquals(STATUS, ToolManifest.parse(STATUS.toJson()));
    }

    @Test
    void hostileManifestsAreRejectedInOneLine() {
        for (String json : List.of("[]", "{", "{\"name\":\"../etc\",\"version\":\"1\"}", "null")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ToolManifest.parse(json.getBytes(StandardCharsets.UTF_8)));
            assertTrue(e.getMessage().startsWith("manifest is not valid: ") && !e.getMessage().contains("\n"),
                    e.getMessage());
        }
    }
}
