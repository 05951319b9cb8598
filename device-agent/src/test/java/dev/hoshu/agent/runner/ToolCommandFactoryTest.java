package dev.hoshu.agent.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.hoshu.tools.Ed25519Keys;

class ToolCommandFactoryTest {

    @TempDir
    Path root;

    private SignedTools tools;
    private ToolCommandFactory factory;

    @BeforeEach
    void setUp() throws Exception {
        tools = new SignedTools(root);
        factory = new ToolCommandFactory(tools.toolsDir(), tools.trustedKeysDir(), Duration.ofMillis(300));
    }

    private static String invocation(String tool, String... args) {
        StringBuilder json = new StringBuilder("{\"session\":\"s-1\",\"tool\":\"" + tool + "\",\"args\":[");
        for (int i = 0; i < args.length; i++) {
            json.append(i == 0 ? "" : ",").append('"').append(args[i].replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return json.append("]}").toString();
    }

    @Test
    void signedToolRunsWithItsOutputStreamsAndExitStatus() throws Exception {
        Path dir = tools.add("status", """
                echo "status ok $1 session=$HOSHU_SESSION"
                echo "home=[$HOME] path=$PATH lang=$LANG cwd=$(pwd)"
                echo "fan warning" >&2
                exit 3""", 60);

        RunningTool run = RunningTool.start(factory, invocation("status", "--verbose"));

        assertEquals(3, run.exitStatus());
        assertEquals("status ok --verbose session=s-1\n"
                + "home=[] path=/usr/bin:/bin lang=C.UTF-8 cwd=" + dir.toRealPath() + "\n", run.out());
        assertEquals("fan warning\n", run.err());
    }

    @Test
    void toolReadsTheChannelInput() throws Exception {
        tools.add("echoer", "read line; echo \"got $line\"", 60);

        RunningTool run = RunningTool.start(factory, invocation("echoer"), "hello\n");

        assertEquals(0, run.exitStatus());
        assertEquals("got hello\n", run.out());
    }

    @Test
    void fileChangedAfterSigningIsRefused() throws Exception {
        Path dir = tools.add("status", "echo original", 60);
        Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\necho tampered\n");

        RunningTool run = RunningTool.start(factory, invocation("status"));

        assertEquals(ExitStatus.REFUSED, run.exitStatus());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("refused: tool 'status' file run.sh changed since signing"), run.err());
        assertEquals(1, run.err().lines().count());
    }

    @Test
    void toolSignedByAnUntrustedKeyIsRefused() throws Exception {
        tools.addSignedBy(Ed25519Keys.generate(), "forged", "echo should not run");

        RunningTool run = RunningTool.start(factory, invocation("forged"));

        assertEquals(ExitStatus.REFUSED, run.exitStatus());
        assertEquals("", run.out());
        assertTrue(run.err().startsWith("refused: tool 'forged' is signed by an untrusted key"), run.err());
    }

    @Test
    void argumentWithShellMetacharactersIsRefused() throws Exception {
        Path marker = root.resolve("ran");
        tools.add("status", "touch " + marker, 60);

        RunningTool run = RunningTool.start(factory, invocation("status", ";rm -rf /"));

        assertEquals(ExitStatus.REFUSED, run.exitStatus());
        assertTrue(run.err().startsWith("denied: argument ';rm -rf /' is not allowed for tool 'status'"), run.err());
        assertFalse(Files.exists(marker), "the tool must not have run");
    }

    @Test
    void unknownToolIsRefused() throws Exception {
        RunningTool run = RunningTool.start(factory, invocation("nosuch"));

        assertEquals(ExitStatus.REFUSED, run.exitStatus());
        assertEquals("refused: unknown tool 'nosuch'\n", run.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "..", "x/../../x", "/bin/sh", "X", "x;id", "x\\u0000"})
    void toolNamesThatAreNotPlainNamesAreRefusedBeforeTouchingTheFilesystem(String name) throws Exception {
        Path marker = root.resolve("escaped");
        tools.addOutside("x", "touch " + marker);

        RunningTool run = RunningTool.start(factory, invocation(name));

        assertEquals(ExitStatus.REFUSED, run.exitStatus());
        assertTrue(run.err().startsWith("refused: unknown tool '"), run.err());
        assertEquals(1, run.err().lines().count());
        assertFalse(Files.exists(marker), "a tool outside the tools directory must not run");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "status --verbose",
            "",
            "[]",
            "null",
            "{\"session\":\"s-1\",\"tool\":\"status\",\"args\":\"--verbose\"}",
            "{\"session\":\"s-1\",\"tool\":\"status\",\"args\":[1]}",
            "{\"session\":\"s-1\",\"tool\":7,\"args\":[]}",
            "{\"session\":\"s-1\",\"tool\":\"status\",\"args\":[],\"shell\":\"sh -c id\"}",
            "{\"session\":\"s-1\",\"tool\":\"status\",\"tool\":\"other\",\"args\":[]}",
            "{\"session\":\"s-1\",\"tool\":\"status\",\"args\":[]} {\"again\":1}",
            "{\"session\":\"../s\",\"tool\":\"status\",\"args\":[]}",
            "{\"tool\":\"status\",\"args\":[]}"})
    void anythingButAToolInvocationIsMalformed(String command) throws Exception {
        tools.add("status", "echo should not run", 60);

        RunningTool run = RunningTool.start(factory, command);

        assertEquals(ExitStatus.MALFORMED, run.exitStatus());
        assertEquals("", run.out());
        assertEquals("refused: malformed tool invocation\n", run.err());
    }

    @Test
    void oversizeInvocationIsMalformed() throws Exception {
        RunningTool run = RunningTool.start(factory, invocation("status", "a".repeat(70_000)));

        assertEquals(ExitStatus.MALFORMED, run.exitStatus());
        assertEquals("refused: malformed tool invocation\n", run.err());
    }
}
