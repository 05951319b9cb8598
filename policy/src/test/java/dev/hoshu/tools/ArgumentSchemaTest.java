package dev.hoshu.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ArgumentSchemaTest {

    private static final ToolManifest LOGCOLLECT = ToolManifest.parse("""
            {"name":"logcollect","version":"1.0.0","manufacturer":"Acme","entrypoint":"bin/logcollect",
             "files":[{"path":"bin/logcollect","sha256Hex":"00"}],
             "arguments":{"flags":[{"flag":"--lines","value":"[0-9]{1,4}"},{"flag":"--verbose"},
                                   {"flag":"--unit","value":"[a-z]{1,8}","repeatable":true}],
                          "positionals":{"pattern":"[a-z]{1,16}","max":1}},
             "timeLimitSeconds":60,"needsTerminal":false,"touchesPatientData":false}""".getBytes(StandardCharsets.UTF_8));

    static Stream<Arguments> allowed() {
        return Stream.of(
                Arguments.of(List.of()),
                Arguments.of(List.of("--lines", "50")),
                Arguments.of(List.of("--verbose", "--lines", "7", "gantry")),
                Arguments.of(List.of("--unit", "tube", "--unit", "gantry")));
    }

    @ParameterizedTest
    @MethodSource("allowed")
    void whatTheSchemaDeclaresPasses(List<String> args) {
        assertFalse(LOGCOLLECT.checkArgs(args).refused(), () -> LOGCOLLECT.checkArgs(args).reason());
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(List.of("; rm -rf /"), "denied: argument '; rm -rf /' is not allowed for tool 'logcollect' "
                        + "(must match [a-z]{1,16})"),
                Arguments.of(List.of("--lines", "$(id)"), "denied: value '$(id)' of --lines is not allowed for tool "
                        + "'logcollect' (must match [0-9]{1,4})"),
                Arguments.of(List.of("--lines", "`id`"), "denied: value '`id`' of --lines is not allowed for tool "
                        + "'logcollect' (must match [0-9]{1,4})"),
                Arguments.of(List.of("../../etc/passwd"), "denied: argument '../../etc/passwd' is not allowed for "
                        + "tool 'logcollect' (must match [a-z]{1,16})"),
                Arguments.of(List.of("--lines=5"), "denied: argument '--lines=5' is not allowed for tool 'logcollect' "
                        + "(not one of its flags: --lines, --verbose, --unit)"),
                Arguments.of(List.of("--output", "/etc/shadow"), "denied: argument '--output' is not allowed for tool "
                        + "'logcollect' (not one of its flags: --lines, --verbose, --unit)"),
                Arguments.of(List.of("--verbose", "--verbose"), "denied: argument '--verbose' is not allowed for tool "
                        + "'logcollect' (given twice)"),
                Arguments.of(List.of("--lines"), "denied: flag --lines of tool 'logcollect' needs a value"),
                Arguments.of(List.of("gantry", "tube"), "denied: argument 'tube' is not allowed for tool 'logcollect' "
                        + "(at most 1 besides its flags)"),
                Arguments.of(List.of("a\u0000b"), "denied: argument 'a\\u0000b' holds a control character, which no "
                        + "tool accepts"),
                Arguments.of(List.of("x".repeat(1024 * 1024)), "denied: an argument of 1048576 bytes is not allowed "
                        + "for tool 'logcollect' (at most 1024)"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void anythingElseIsRefusedInOneLine(List<String> args, String expected) {
        String reason = LOGCOLLECT.checkArgs(args).reason();
        assertEquals(expected, reason);
        assertFalse(reason.contains("\n"));
    }

    @Test
    void aToolWithAnEmptySchemaTakesNoArguments() {
        ToolManifest selftest = new ToolManifest("selftest", "1", "Acme", List.of(), "bin/selftest",
                List.of(new ToolFile("bin/selftest", "00")), null, new ArgumentSchema(List.of(), null), 60, false,
                false, null, null);

        assertEquals("denied: argument '--fast' is not allowed for tool 'selftest' (not one of its flags: none)",
                selftest.checkArgs(List.of("--fast")).reason());
        assertFalse(selftest.checkArgs(List.of()).refused());
    }

    @Test
    void theSchemaIsPartOfTheSignedBytesAndSurvivesARoundTrip() {
        assertTrue(new String(LOGCOLLECT.toJson(), StandardCharsets.UTF_8).contains("\"value\" : \"[0-9]{1,4}\""));
        assertEquals(LOGCOLLECT, ToolManifest.parse(LOGCOLLECT.toJson()));
    }

    @Test
    void malformedSchemasAreRefusedWhenTheManifestIsRead() {
        for (String arguments : List.of("{\"flags\":[{\"flag\":\"lines\"}]}", "{\"flags\":[{\"flag\":\"--a\",\"value\":\"(\"}]}",
                "{\"flags\":[{\"flag\":\"--a\"},{\"flag\":\"--a\"}]}", "{\"positionals\":{\"pattern\":\"x\"}}",
                "{\"flags\":[],\"extra\":1}")) {
            String json = "{\"name\":\"t\",\"version\":\"1\",\"entrypoint\":\"t\",\"files\":[{\"path\":\"t\",\"sha256Hex\":\"0\"}],"
                    + "\"arguments\":" + arguments + ",\"timeLimitSeconds\":1,\"needsTerminal\":false,\"touchesPatientData\":false}";
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ToolManifest.parse(json.getBytes(StandardCharsets.UTF_8)), arguments);
            assertTrue(e.getMessage().startsWith("manifest is not valid: "), e.getMessage());
        }
        String both = "{\"name\":\"t\",\"version\":\"1\",\"entrypoint\":\"t\",\"files\":[{\"path\":\"t\",\"sha256Hex\":\"0\"}],"
                + "\"argPattern\":\".*\",\"arguments\":{\"flags\":[]},\"timeLimitSeconds\":1,\"needsTerminal\":false,"
                + "\"touchesPatientData\":false}";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ToolManifest.parse(both.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("both argPattern and arguments"), e.getMessage());
    }
}
