package dev.hoshu.agent.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tools run as the configured unprivileged account, never as root in any spelling. Run as root (as the agent is when
 * it may switch), the tool reports nobody's ids, no supplementary group, no capability and no way to gain one; run
 * as anyone else, the agent refuses to run it at all rather than run it with its own rights.
 */
class ToolUserTest {

    /** What the tool prints: its ids, then its capability sets and whether it may gain privileges. */
    private static final String REPORT_IDS_AND_PRIVILEGES = "echo \"uid=$(id -u) gid=$(id -g) groups=$(id -G)\"; "
            + "grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs):' /proc/self/status";

    @TempDir
    Path root;

    @ParameterizedTest
    @ValueSource(strings = {"65534:65534", "nobody:nogroup"})
    void theToolRunsAsTheToolUserWithoutPrivilegesOrNotAtAll(String spec) throws Exception {
        ToolUser toolUser = ToolUser.parse(spec);

        RunningTool run = RunningTool.start(factoryRunningAs(toolUser, REPORT_IDS_AND_PRIVILEGES),
                "{\"session\":\"s-1\",\"tool\":\"whoami\",\"args\":[]}");

        if (agentUid() == 0) {
            assertEquals(0, run.exitStatus(), run::err);
            assertEquals("""
                    uid=65534 gid=65534 groups=65534
                    CapInh:\t0000000000000000
                    CapPrm:\t0000000000000000
                    CapEff:\t0000000000000000
                    CapBnd:\t0000000000000000
                    CapAmb:\t0000000000000000
                    NoNewPrivs:\t1
                    """, run.out());
        } else {
            assertEquals(ExitStatus.REFUSED, run.exitStatus());
            assertEquals("refused: this device runs tools as " + toolUser.user() + ", but the agent cannot switch "
                    + "users (it does not run as root)\n", run.err());
            assertEquals("", run.out());
        }
    }

    @Test
    void aToolUserThatIsNoAccountHereRunsNoTool() throws Exception {
        RunningTool run = RunningTool.start(factoryRunningAs(ToolUser.parse("hoshu-no-such-account:nogroup"),
                "echo ran"), "{\"session\":\"s-1\",\"tool\":\"whoami\",\"args\":[]}");

        assertEquals(ExitStatus.REFUSED, run.exitStatus());
        assertEquals(agentUid() == 0
                        ? "refused: the tool user hoshu-no-such-account is no account on this device\n"
                        : "refused: this device runs tools as hoshu-no-such-account, but the agent cannot switch "
                                + "users (it does not run as root)\n",
                run.err());
        assertEquals("", run.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"root:root", "0:0", "00:65534", "000:nogroup", "0000000000:nogroup", "nobody:root",
            "nobody:0", "nobody:000", "4294967296:65534", "4294967295:65534", "nobody:4294967295", "nobody:4294967296",
            "12345678901:nogroup", "nobody", "nobody:nogroup:x", "../x:y", "nobody;id:nogroup", "nobody:$(id)",
            "Nobody:nogroup", "-1:nogroup", ":", ""})
    void aMalformedOrRootToolUserIsRefused(String spec) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> ToolUser.parse(spec));
        assertFalse(refused.getMessage().contains("\n"), refused.getMessage());
    }

    @Test
    void aNamedUserAndGroupAreAccepted() {
        assertEquals(new ToolUser("nobody", "nogroup"), ToolUser.parse("nobody:nogroup"));
    }

    @Test
    void namesAreLookedUpInTheDevicesAccounts() throws Exception {
        assertEquals(new ToolUser.Ids(65534, 65534), ToolUser.parse("nobody:nogroup").ids());
        assertEquals(new ToolUser.Ids(65534, 65534), ToolUser.parse("00065534:65534").ids());
        IOException unknownGroup = assertThrows(IOException.class,
                () -> ToolUser.parse("nobody:hoshu-no-such-group").ids());
        assertEquals("the tool group hoshu-no-such-group is no account on this device", unknownGroup.getMessage());
    }

    @Test
    void aNameThatIsRootUnderAnotherNameIsRefused() {
        Accounts accounts = new FixedAccounts(Map.of("toor", 0L, "nobody", 65534L),
                Map.of("wheel", 0L, "nogroup", 65534L));

        IOException user = assertThrows(IOException.class, () -> ToolUser.parse("toor:nogroup").ids(accounts));
        IOException group = assertThrows(IOException.class, () -> ToolUser.parse("nobody:wheel").ids(accounts));

        assertEquals("the tool user toor has uid 0 here: it is root", user.getMessage());
        assertEquals("the tool group wheel has gid 0 here: it is root's group", group.getMessage());
    }

    private ToolCommandFactory factoryRunningAs(ToolUser toolUser, String script) throws Exception {
        // The tool user must be able to reach the tool: the test's private temporary folder is opened to it.
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        SignedTools tools = new SignedTools(root);
        tools.add("whoami", script, 60);
        return new ToolCommandFactory(tools.toolsDir(), tools.trustedKeysDir(), Duration.ofMillis(300), RunGate.OPEN,
                new RunningTools(), Duration.ZERO, toolUser);
    }

    private static long agentUid() throws IOException {
        return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
    }

    private record FixedAccounts(Map<String, Long> users, Map<String, Long> groups) implements Accounts {

        @Override
        public OptionalLong uidOf(String name) {
            return users.containsKey(name) ? OptionalLong.of(users.get(name)) : OptionalLong.empty();
        }

        @Override
        public OptionalLong gidOf(String name) {
            return groups.containsKey(name) ? OptionalLong.of(groups.get(name)) : OptionalLong.empty();
        }
    }
}
