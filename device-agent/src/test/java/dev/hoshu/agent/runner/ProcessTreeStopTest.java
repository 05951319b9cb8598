package dev.hoshu.agent.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The promise behind a kill: when the channel goes, nothing the tool started keeps running. */
class ProcessTreeStopTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern PID = Pattern.compile("(\\w+)=(\\d+)");

    @TempDir
    Path root;

    private SignedTools tools;
    private ToolCommandFactory factory;

    @BeforeEach
    void setUp() throws Exception {
        tools = new SignedTools(root);
        factory = new ToolCommandFactory(tools.toolsDir(), tools.trustedKeysDir(), Duration.ofMillis(300));
    }

    @Test
    void destroyStopsATreeWhoseChildIgnoresSigterm() throws Exception {
        tools.add("stubborn", """
                trap '' TERM
                sleep 300 &
                echo "root=$$ child=$!"
                wait""", 600);

        RunningTool run = RunningTool.start(factory, "{\"session\":\"s-9\",\"tool\":\"stubborn\",\"args\":[]}");
        List<Long> pids = awaitPids(run, 2);
        assertTrue(pids.stream().allMatch(ProcessTreeStopTest::running), "tool tree should be running");

        run.destroy();

        assertTrue(RunningTool.eventually(WAIT, () -> pids.stream().noneMatch(ProcessTreeStopTest::running)),
                "processes left behind: " + pids.stream().filter(ProcessTreeStopTest::running).toList());
    }

    @Test
    void destroyAlsoStopsAChildThatOutlivedItsParent() throws Exception {
        // The parent dies on SIGTERM at once; its child ignores SIGTERM and is re-parented to init.
        tools.add("orphaning", """
                sh -c 'trap "" TERM; echo "grandchild=$$"; exec sleep 300' &
                echo "root=$$"
                wait""", 600);

        RunningTool run = RunningTool.start(factory, "{\"session\":\"s-8\",\"tool\":\"orphaning\",\"args\":[]}");
        List<Long> pids = awaitPids(run, 2);

        run.destroy();

        assertTrue(RunningTool.eventually(WAIT, () -> pids.stream().noneMatch(ProcessTreeStopTest::running)),
                "processes left behind: " + pids.stream().filter(ProcessTreeStopTest::running).toList());
    }

    @Test
    void timeLimitStopsTheTreeAndExits124() throws Exception {
        tools.add("slow", """
                sleep 300 &
                echo "child=$!"
                wait""", 1);

        RunningTool run = RunningTool.start(factory, "{\"session\":\"s-7\",\"tool\":\"slow\",\"args\":[]}");
        List<Long> pids = awaitPids(run, 1);

        assertEquals(ExitStatus.TIMED_OUT, run.exitStatus());
        assertEquals("stopped: tool 'slow' exceeded its time limit of 1 s\n", run.err());
        assertTrue(RunningTool.eventually(WAIT, () -> pids.stream().noneMatch(ProcessTreeStopTest::running)));
    }

    @Test
    void backgroundProcessesDoNotOutliveTheToolOrHoldItsOutputOpen() throws Exception {
        tools.add("leaky", """
                sleep 300 &
                echo "child=$!"
                exit 0""", 600);

        RunningTool run = RunningTool.start(factory, "{\"session\":\"s-6\",\"tool\":\"leaky\",\"args\":[]}");

        assertEquals(0, run.exitStatus());
        List<Long> pids = pidsIn(run.out());
        assertEquals(1, pids.size(), run.out());
        assertTrue(RunningTool.eventually(WAIT, () -> !running(pids.get(0))));
    }

    private static List<Long> awaitPids(RunningTool run, int count) {
        assertTrue(RunningTool.eventually(WAIT, () -> pidsIn(run.out()).size() >= count),
                "tool did not report its pids: out=" + run.out() + " err=" + run.err());
        return pidsIn(run.out());
    }

    private static List<Long> pidsIn(String out) {
        Matcher m = PID.matcher(out);
        List<Long> pids = new java.util.ArrayList<>();
        while (m.find()) {
            pids.add(Long.parseLong(m.group(2)));
        }
        return pids;
    }

    /**
     * Present and not a zombie. A zombie executes nothing; it only waits for init to collect its
     * status, which in some containers happens seconds later.
     */
    private static boolean running(long pid) {
        if (ProcessHandle.of(pid).isEmpty()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
