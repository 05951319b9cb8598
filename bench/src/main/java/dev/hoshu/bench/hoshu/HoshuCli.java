package dev.hoshu.bench.hoshu;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.hoshu.bench.process.CommandOutput;
import dev.hoshu.bench.process.ExternalCommand;
import dev.hoshu.bench.process.OneLine;
import dev.hoshu.bench.process.PathFailure;

/** The {@code hoshu} command as one of the quickstart's demo users, whose CLI homes live in the data dir. */
public record HoshuCli(Path launcher, Path dataDir) {

    private static final Duration LIMIT = Duration.ofSeconds(120);

    public CommandOutput as(String user, String... args) {
        return run(user, null, args);
    }

    /** Signs a demo user in with the quickstart's password, as the quickstart does for the users it logs in. */
    public CommandOutput login(String user, String brokerUrl, String sshHostPort) {
        return run(user, "demo\n", "login", "--broker", brokerUrl, "--ssh", sshHostPort, "--user", user,
                "--password-stdin");
    }

    private CommandOutput run(String user, String stdin, String... args) {
        List<String> argv = new ArrayList<>(List.of(launcher.toString()));
        argv.addAll(List.of(args));
        Map<String, String> environment = Map.of("HOSHU_HOME", home(user).toString());
        CommandOutput output = stdin == null ? ExternalCommand.run(argv, environment, null, LIMIT)
                : ExternalCommand.runWithInput(argv, environment, stdin, LIMIT);
        if (!output.succeeded()) {
            throw new PathFailure("hoshu: 'hoshu " + args[0] + "' as " + user + " failed (exit " + output.exitStatus()
                    + "): " + OneLine.lastOf(output.stderr().isBlank() ? output.stdout() : output.stderr()));
        }
        return output;
    }

    public Path home(String user) {
        return dataDir.resolve("cli").resolve(user);
    }

    /** The first id of the given kind ("r", "g", "s") in a CLI answer. */
    public static String idIn(String kind, String answer) {
        Matcher matcher = Pattern.compile("\\b(" + kind + "-[A-Za-z0-9_-]+)").matcher(answer);
        if (!matcher.find()) {
            throw new PathFailure("hoshu: no " + kind + "-… id in the CLI's answer: " + OneLine.of(answer));
        }
        return matcher.group(1);
    }
}
