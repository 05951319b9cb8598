package dev.hoshu.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.hoshu.cli.login.LoginStore;
import dev.hoshu.cli.login.StoredLogin;

/** Runs {@code hoshu} in-process against a temp {@code $HOSHU_HOME} and a fixed clock. */
final class Cli {

    /** 2026-04-01 16:42 JST. */
    static final Instant NOW = Instant.parse("2026-04-01T07:42:00Z");

    record Result(int status, String out, String err) {
    }

    private final Path home;
    private String stdin = "";
    private String sshProgram = "ssh";

    Cli(Path home) {
        this.home = home;
    }

    Cli stdin(String text) {
        this.stdin = text;
        return this;
    }

    Cli sshProgram(String program) {
        this.sshProgram = program;
        return this;
    }

    /** Leaves a login behind as {@code hoshu login} would, valid for another hour. */
    Cli loggedIn(String brokerUrl, String ssh) {
        new LoginStore(home).save(new StoredLogin(URI.create(brokerUrl), "tok-sato", "sato", NOW.plusSeconds(3600), ssh));
        return this;
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(home, Clock.fixed(NOW, ZoneOffset.UTC), CliContext.HOSPITAL_ZONE,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out, true), new PrintWriter(err, true),
                CliContext.defaultHttpClient(), sshProgram, "ssh-keygen");
        int status = HoshuCommand.run(context, args);
        return new Result(status, out.toString(), err.toString());
    }
}
