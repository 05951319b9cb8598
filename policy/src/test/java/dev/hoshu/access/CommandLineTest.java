package dev.hoshu.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CommandLineTest {

    static Stream<Arguments> parsed() {
        return Stream.of(
                Arguments.of("status", List.of("status")),
                Arguments.of("  logcollect   --since  1h ", List.of("logcollect", "--since", "1h")),
                Arguments.of("echo 'a b' \"c d\"", List.of("echo", "a b", "c d")),
                Arguments.of("echo 'say \"hi\"'", List.of("echo", "say \"hi\"")),
                Arguments.of("echo pre'fix b'", List.of("echo", "prefix b")),
                Arguments.of("echo ''", List.of("echo", "")),
                Arguments.of("status $(reboot) `id` ; rm -rf / | x && y",
                        List.of("status", "$(reboot)", "`id`", ";", "rm", "-rf", "/", "|", "x", "&&", "y")),
                Arguments.of("x" + " a".repeat(63), Stream.concat(Stream.of("x"), Stream.generate(() -> "a").limit(63))
                        .toList()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parsed")
    void splitsWithoutShellMeaning(String line, List<String> argv) {
        assertEquals(argv, CommandLine.parse(line));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("", "refused: empty command"),
                Arguments.of("   ", "refused: empty command"),
                Arguments.of(null, "refused: empty command"),
                Arguments.of("echo 'open", "refused: unbalanced single quote in command"),
                Arguments.of("echo \"open", "refused: unbalanced double quote in command"),
                Arguments.of("echo \\'", "refused: unbalanced single quote in command"),
                Arguments.of("status\nreboot", "refused: command contains a control character"),
                Arguments.of("status\tx", "refused: command contains a control character"),
                Arguments.of("status\u0000", "refused: command contains a control character"),
                Arguments.of("x " + "a ".repeat(64), "refused: command has more than 64 arguments"),
                Arguments.of("x" + "é".repeat(2048), "refused: command is longer than 4096 bytes"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("refused")
    void refusesWithOneLine(String line, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> CommandLine.parse(line)).getMessage());
    }

    static Stream<List<String>> argvs() {
        return Stream.of(
                List.of("status"),
                List.of("status", "--verbose"),
                List.of("logcollect", "a b"),
                List.of("note", "it's"),
                List.of("note", "say \"hi\""),
                List.of("note", "both ' and \" in one"),
                List.of("note", ""),
                List.of("note", "'"),
                List.of("note", "''\"\""),
                List.of("status", "; rm -rf /", "$(id)", "`id`"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("argvs")
    void joinedArgvParsesBackToExactlyTheSameArgv(List<String> argv) {
        assertEquals(argv, CommandLine.parse(CommandLine.join(argv)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("argvs")
    void plainWordsAreSentAsTheyAre(List<String> argv) {
        if (argv.stream().allMatch(a -> a.matches("[A-Za-z0-9-]+"))) {
            assertEquals(String.join(" ", argv), CommandLine.join(argv));
        }
    }

    @org.junit.jupiter.api.Test
    void anArgumentWithAControlCharacterIsRefusedBeforeItIsSent() {
        assertEquals("refused: argument contains a control character",
                assertThrows(IllegalArgumentException.class, () -> CommandLine.join(List.of("note", "a\nb"))).getMessage());
    }
}
