package dev.hoshu.bench.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class JvmProcessTest {

    @Test
    void findsOnlyTheDescendantWithBothTheJarAndTheDataDir() throws Exception {
        // "; :" keeps sh alive as the process whose command line carries the markers.
        Process other = new ProcessBuilder(List.of("sh", "-c", "sleep 30; :", "hoshu-broker.jar", "/tmp/other-run"))
                .start();
        Process ours = new ProcessBuilder(List.of("sh", "-c", "sleep 30; :", "hoshu-broker.jar", "/tmp/our-run"))
                .start();
        try {
            var found = JvmProcess.find("broker", ProcessHandle.current(), "hoshu-broker.jar", "/tmp/our-run");
            assertTrue(found.isPresent());
            assertEquals(ours.pid(), found.get().pid());
            assertTrue(found.get().isAlive());
            assertTrue(found.get().rssKiB() > 0);
            assertTrue(JvmProcess.find("agent", ProcessHandle.current(), "hoshu-device-agent.jar", "/tmp/our-run")
                    .isEmpty());
        } finally {
            for (Process process : List.of(other, ours)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }
}
