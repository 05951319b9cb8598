package dev.hoshu.cli.tools;

import java.io.PrintWriter;
import java.io.StringWriter;

import picocli.CommandLine;

/** One picocli invocation with captured output. */
record Run(int status, String out, String err) {

    static Run of(Object command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int status = cli.execute(args);
        return new Run(status, out.toString().strip(), err.toString().strip());
    }
}
