package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The systemd units an operator installs: systemd itself accepts them ({@code systemd-analyze verify}; only the
 * program that is not installed on this machine may be missing) and each keeps the hardening docs/agent-package.md
 * and docs/scale-out.md promise: its own account, no privilege gain, no capabilities, a read-only system.
 */
class SystemdUnitsTest {

    private static final Path UNITS = HoshuSystem.ROOT.resolve("deploy/systemd");

    @ParameterizedTest
    @ValueSource(strings = {"hoshu-broker.service", "hoshu-device-agent.service"})
    void systemdAcceptsTheUnit(String unit) {
        RunResult verify = Commands.run(List.of("systemd-analyze", "verify", "--man=no", UNITS.resolve(unit).toString()),
                Map.of(), null, UNITS);

        String complaints = (verify.stdout() + verify.stderr()).lines()
                .filter(line -> !line.contains("is not executable: No such file or directory"))
                .collect(Collectors.joining("\n"));
        assertEquals("", complaints, verify::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hoshu-broker.service", "hoshu-device-agent.service"})
    void theUnitRunsUnprivilegedOnAReadOnlySystem(String unit) throws IOException {
        List<String> lines = Files.readAllLines(UNITS.resolve(unit));

        for (String setting : List.of("NoNewPrivileges=yes", "CapabilityBoundingSet=", "AmbientCapabilities=",
                "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes", "RestrictSUIDSGID=yes", "UMask=0077")) {
            assertTrue(lines.contains(setting), unit + " lacks " + setting);
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("User=hoshu")), unit + " runs as root");
    }
}
