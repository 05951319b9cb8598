package dev.hoshu.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The listening TCP sockets a process holds, read from /proc: the socket inodes among its open file
 * descriptors, matched against the kernel's socket tables in state LISTEN (0A).
 */
final class ListeningSockets {

    private static final String LISTEN = "0A";

    private ListeningSockets() {
    }

    static List<String> of(long pid) {
        Set<String> inodes = socketInodes(pid);
        List<String> listening = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            Path file = Path.of("/proc", String.valueOf(pid), "net", table);
            for (String line : lines(file).stream().skip(1).toList()) {
                String[] f = line.trim().split("\\s+");
                boolean bound = table.startsWith("udp") || LISTEN.equals(f[3]);
                if (bound && inodes.contains(f[9])) {
                    listening.add(table + " " + f[1]);
                }
            }
        }
        return listening;
    }

    /** How many sockets the process holds at all, so a test can tell "none listening" from "none read". */
    static int socketCount(long pid) {
        return socketInodes(pid).size();
    }

    private static Set<String> socketInodes(long pid) {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor was closed between listing and reading: not a socket we can hold against it
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the descriptors of process " + pid, e);
        }
        return inodes;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
