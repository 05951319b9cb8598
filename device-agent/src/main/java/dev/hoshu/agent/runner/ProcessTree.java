package dev.hoshu.agent.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tool's process and everything it started. Members are the root's descendants plus, on Linux,
 * every process in the session the root leads (the runner starts tools with {@code setsid}), which
 * also finds children that were re-parented to init when their parent exited.
 */
final class ProcessTree {

    private static final Logger log = LoggerFactory.getLogger(ProcessTree.class);
    private static final Path PROC = Path.of("/proc");
    private static final Duration POLL = Duration.ofMillis(20);
    /** After SIGKILL the kernel needs a moment; waiting lets callers rely on "stopped means gone". */
    private static final Duration KILL_SETTLE = Duration.ofSeconds(2);

    private final long rootPid;
    /** Null when the root had already exited when the tree was made: its session may still hold members. */
    private final ProcessHandle root;

    ProcessTree(ProcessHandle root) {
        this.rootPid = root.pid();
        this.root = root;
    }

    /** For a process known only by its pid (a tool on a pseudo-terminal, which pty4j starts without a handle). */
    static ProcessTree ofPid(long pid) {
        return ProcessHandle.of(pid).map(ProcessTree::new).orElseGet(() -> new ProcessTree(pid));
    }

    private ProcessTree(long rootPid) {
        this.rootPid = rootPid;
        this.root = null;
    }

    /** Every live member, descendants before the root. */
    Set<ProcessHandle> members() {
        Set<ProcessHandle> members = new LinkedHashSet<>();
        if (root != null) {
            root.descendants().filter(ProcessTree::running).forEach(members::add);
        }
        sessionMembers(rootPid).forEach(members::add);
        if (running(root)) {
            members.add(root);
        }
        return members;
    }

    /**
     * SIGTERM to every member, SIGKILL to whatever is still running after {@code grace}. Members are
     * collected before anything is signalled, so children are known before their parent's death
     * re-parents them; processes they fork meanwhile are caught by re-collecting while waiting.
     *
     * @return true if nothing of the tree is left running
     */
    boolean stop(Duration grace) {
        return stopCounting(grace).clean();
    }

    /** What a stop did: how many processes it signalled, and whether none of them is left running. */
    record Stopped(int processes, boolean clean) {
    }

    /** {@link #stop}, also counting the processes stopped, for the device's confirmation to the broker. */
    Stopped stopCounting(Duration grace) {
        Set<ProcessHandle> signalled = new LinkedHashSet<>();
        long deadline = System.nanoTime() + grace.toNanos();
        do {
            Set<ProcessHandle> current = members();
            current.removeAll(signalled);
            current.forEach(ProcessHandle::destroy);
            signalled.addAll(current);
            if (signalled.stream().noneMatch(ProcessTree::running)) {
                return new Stopped(signalled.size(), true);
            }
            pause();
        } while (System.nanoTime() < deadline);
        boolean clean = kill(signalled);
        return new Stopped(signalled.size(), clean);
    }

    private boolean kill(Set<ProcessHandle> signalled) {
        long deadline = System.nanoTime() + KILL_SETTLE.toNanos();
        do {
            signalled.addAll(members());
            signalled.stream().filter(ProcessTree::running).forEach(p -> {
                log.debug("process {} survived SIGTERM; sending SIGKILL", p.pid());
                p.destroyForcibly();
            });
            if (signalled.stream().noneMatch(ProcessTree::running)) {
                return true;
            }
            pause();
        } while (System.nanoTime() < deadline);
        return false;
    }

    /** Alive and not a zombie: a zombie runs nothing and only waits for its parent (or init) to reap it. */
    static boolean running(ProcessHandle process) {
        return process != null && process.isAlive() && !"Z".equals(procStat(process.pid(), 0));
    }

    private static Stream<ProcessHandle> sessionMembers(long sessionId) {
        if (!Files.isDirectory(PROC)) {
            return Stream.empty();
        }
        // The number stays reserved while any process still uses it as its session id, so every
        // match belongs to the tool's session.
        String sid = Long.toString(sessionId);
        try (Stream<Path> entries = Files.list(PROC)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(name -> name.chars().allMatch(Character::isDigit))
                    .filter(pid -> sid.equals(procStat(Long.parseLong(pid), 3)))
                    .map(pid -> ProcessHandle.of(Long.parseLong(pid)))
                    .flatMap(java.util.Optional::stream)
                    .filter(ProcessTree::running)
                    .toList()
                    .stream();
        } catch (IOException | java.io.UncheckedIOException e) {
            return Stream.empty();
        }
    }

    /**
     * A field of {@code /proc/<pid>/stat} counted from the state field (0 = state, 1 = ppid,
     * 2 = process group, 3 = session), or null if the process is gone. The command name before it
     * may contain spaces and parentheses, so fields are counted from its last ')'.
     */
    private static String procStat(long pid, int field) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return field < fields.length ? fields[field] : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
