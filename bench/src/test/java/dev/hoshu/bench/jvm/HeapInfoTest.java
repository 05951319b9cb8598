package dev.hoshu.bench.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hoshu.bench.process.CommandOutput;
import dev.hoshu.bench.process.ExternalCommand;

class HeapInfoTest {

    @Test
    void readsG1() {
        String g1 = """
                4242:
                 garbage-first heap   total 262144K, used 45678K [0x0000000700000000, 0x0000000800000000)
                  region size 1024K, 12 young (12288K), 2 survivors (2048K)
                 Metaspace       used 60123K, committed 60800K, reserved 1114112K
                  class space    used 7890K, committed 8192K, reserved 1048576K
                """;
        assertEquals(45678, HeapInfo.usedKiB(g1));
    }

    @Test
    void addsUpGenerationalCollectors() {
        String parallel = """
                 PSYoungGen      total 76288K, used 1310K [0x00000000eab00000, 0x00000000f0000000, 0x0000000100000000)
                  eden space 65536K, 2% used [0x00000000eab00000,0x00000000eac47a88,0x00000000eeb00000)
                 ParOldGen       total 175104K, used 2000K [0x00000000c0000000, 0x00000000cab00000, 0x00000000eab00000)
                 Metaspace       used 3280K, committed 4480K, reserved 1056768K
                """;
        assertEquals(3310, HeapInfo.usedKiB(parallel));
    }

    @Test
    void refusesOutputWithoutAHeapLine() {
        assertThrows(IllegalArgumentException.class, () -> HeapInfo.usedKiB("4242:\nCould not attach\n"));
    }

    @Test
    void readsTheHeapOfThisJvmThroughJcmd() {
        CommandOutput output = ExternalCommand.run(List.of("jcmd", Long.toString(ProcessHandle.current().pid()),
                "GC.heap_info"), Duration.ofSeconds(60));
        assertTrue(HeapInfo.usedKiB(output.stdout()) > 0, output.stdout());
    }
}
