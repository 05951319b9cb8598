package dev.hoshu.access;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestRulesTest {

    private static final Actor ENGINEER = new Actor("eng-1", "acme-medical", Set.of("engineer"), "Eng One");
    private static final Actor APPROVER = new Actor("app-1", "hosp-a", Set.of("approver"), "App One");

    static Stream<Arguments> cases() {
        List<String> tools = List.of("status", "logcollect");
        return Stream.of(
                Arguments.of("valid", ENGINEER, "CT-01", Category.MONITOR, tools, "noise on detector", 60, "allowed"),
                Arguments.of("longest window", ENGINEER, "CT-01", Category.REPAIR, tools, "r", 480, "allowed"),
                Arguments.of("not an engineer", APPROVER, "CT-01", Category.MONITOR, tools, "r", 60,
                        "denied: asking for access needs the engineer role"),
                Arguments.of("device traversal", ENGINEER, "../etc", Category.MONITOR, tools, "r", 60,
                        "denied: device id '../etc' is not valid"),
                Arguments.of("device with newline", ENGINEER, "CT\n01", Category.MONITOR, tools, "r", 60,
                        "denied: device id 'CT\\u000a01' is not valid"),
                Arguments.of("no category", ENGINEER, "CT-01", null, tools, "r", 60,
                        "denied: a category is required (MONITOR, MAINTENANCE or REPAIR)"),
                Arguments.of("no tools", ENGINEER, "CT-01", Category.MONITOR, List.of(), "r", 60,
                        "denied: name at least one tool"),
                Arguments.of("too many tools", ENGINEER, "CT-01", Category.MONITOR,
                        Collections.nCopies(33, "status"), "r", 60, "denied: at most 32 tools per request, not 33"),
                Arguments.of("shell in tool name", ENGINEER, "CT-01", Category.MONITOR, List.of("status;rm"), "r", 60,
                        "denied: tool name 'status;rm' is not valid"),
                Arguments.of("uppercase tool", ENGINEER, "CT-01", Category.MONITOR, List.of("Status"), "r", 60,
                        "denied: tool name 'Status' is not valid"),
                Arguments.of("blank reason", ENGINEER, "CT-01", Category.MONITOR, tools, "  ", 60,
                        "denied: a reason is required"),
                Arguments.of("reason too long", ENGINEER, "CT-01", Category.MONITOR, tools, "x".repeat(501), 60,
                        "denied: reason is longer than 500 characters"),
                Arguments.of("zero minutes", ENGINEER, "CT-01", Category.MONITOR, tools, "r", 0,
                        "denied: duration must be 1 to 480 minutes, not 0"),
                Arguments.of("too long", ENGINEER, "CT-01", Category.MONITOR, tools, "r", 481,
                        "denied: duration must be 1 to 480 minutes, not 481"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesNewRequests(String name, Actor actor, String device, Category category, List<String> tools,
                            String reason, int minutes, String expected) {
        assertEquals(expected, RequestRules.validateNew(actor, device, category, tools, reason, minutes).reason());
    }
}
