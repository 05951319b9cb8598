package dev.hoshu.bench.measure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.hoshu.bench.paths.SshPath;
import dev.hoshu.bench.tools.BenchTool;

/**
 * Asks ssh itself ({@code -v}) what it negotiated on a path. For ProxyJump the first handshake
 * logged is the bastion's; both hops are OpenSSH to OpenSSH and agree alike.
 */
public final class AlgorithmProbe {

    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final Pattern KEX = Pattern.compile("debug1: kex: algorithm: (\\S+)");
    private static final Pattern HOST_KEY = Pattern.compile("debug1: kex: host key algorithm: (\\S+)");
    private static final Pattern CIPHER = Pattern.compile("debug1: kex: server->client cipher: (\\S+) MAC: (\\S+)");

    private AlgorithmProbe() {
    }

    public static Negotiated probe(SshPath path) {
        List<String> argv = new ArrayList<>(path.argv(BenchTool.NOOP));
        argv.add(1, "-v");
        RunResult result = SshRun.run(argv, LIMIT);
        RunCheck.requireOutput(path.label() + " algorithm probe", result, BenchTool.NOOP_OUTPUT);
        return parse(path.label(), result.stderr());
    }

    static Negotiated parse(String path, String verboseLog) {
        Matcher cipher = CIPHER.matcher(verboseLog);
        String cipherText = cipher.find()
                ? cipher.group(1) + ("<implicit>".equals(cipher.group(2)) ? "" : " + " + cipher.group(2)) : "unknown";
        return new Negotiated(path, first(KEX, verboseLog), first(HOST_KEY, verboseLog), cipherText);
    }

    private static String first(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? matcher.group(1) : "unknown";
    }
}
