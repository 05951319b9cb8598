package dev.hoshu.agent.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tools run as the configured unprivileged account. Run as root (as the agent is when it may switch), the tool
 * reports nobody's ids and no supplementary group; run as anyone else, the agent refuses to run it at all rather
 * than run it with its own rights.
 */
class ToolUserTest {

    @TempDir
    Path root;

    @Test
    void theToolRunsAsTheToolUserOrNotAtAll() throws Exception {
        // The tool user must be able to reach the tool: the test's private temporary folder is opened to it.
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        SignedTools tools = new SignedTools(root);
        tools.add("whoami", "echo \"uid=$(id -u) gid=$(id -g) groups=$(id -G)\"", 60);
        ToolCommandFactory factory = new ToolCommandFactory(tools.toolsDir(), tools.trustedKeysDir(),
                Duration.ofMillis(300), RunGate.OPEN, new RunningTools(), Duration.ZERO, new ToolUser("65534", "65534"));

        RunningTool run = RunningTool.start(factory, "{\"session\":\"s-1\",\"tool\":\"whoami\",\"args\":[]}");

        long agentUid = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        if (agentUid == 0) {
            assertEquals(0, run.exitStatus(), run::err);
            assertEquals("uid=65534 gid=65534 groups=65534\n", run.out());
        } else {
            assertEquals(ExitStatus.REFUSED, run.exitStatus());
            assertEquals("refused: this device runs tools as 65534, but the agent cannot switch users (it does not "
                    + "run as root)\n", run.err());
            assertEquals("", run.out());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"root:root", "0:0", "nobody", "nobody:nogroup:x", "../x:y", "nobody;id:nogroup", ":", ""})
    void aMalformedOrRootToolUserIsRefused(String spec) {
        assertThrows(IllegalArgumentException.class, () -> ToolUser.parse(spec));
    }

    @Test
    void aNamedUserAndGroupAreAccepted() {
        assertEquals(new ToolUser("nobody", "nogroup"), ToolUser.parse("nobody:nogroup"));
    }
}
