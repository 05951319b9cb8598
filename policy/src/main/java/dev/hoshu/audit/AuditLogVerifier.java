package dev.hoshu.audit;

import dev.hoshu.chain.ChainedLine;
import dev.hoshu.chain.ParsedLine;
import dev.hoshu.chain.StrictLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks an audit log file's hash chain and names the first line that breaks it; across several files,
 * also that each file's header names the last hash of the file before, so a truncated or removed day shows.
 */
public final class AuditLogVerifier {

    /** Audit lines are small; anything this long was not written by the broker. */
    static final int MAX_LINE_BYTES = 1024 * 1024;

    public AuditLogReport verify(Path file) throws IOException {
        try (StrictLines lines = new StrictLines(Files.newInputStream(file), MAX_LINE_BYTES)) {
            Walk walk = new Walk();
            for (StrictLines.Line line = lines.next(); line != null; line = lines.next()) {
                AuditLogReport broken = line.problem() != null
                        ? AuditLogReport.broken(line.number(), line.problem())
                        : walk.accept(line.text());
                if (broken != null) {
                    return broken;
                }
            }
            return walk.finish();
        }
    }

    public AuditLogReport verify(List<String> lines) {
        Walk walk = new Walk();
        for (String line : lines) {
            AuditLogReport broken = walk.accept(line);
            if (broken != null) {
                return broken;
            }
        }
        return walk.finish();
    }

    /**
     * Verifies consecutive files (oldest first) and their links. The message names the file that breaks.
     */
    public AuditLogReport verifyAll(List<Path> files) throws IOException {
        AuditLogReport last = null;
        int total = 0;
        Path before = null;
        for (Path file : files) {
            AuditLogReport report = verify(file);
            if (!report.intact()) {
                return prefixed(report, file);
            }
            if (last != null && !last.lastHash().equals(report.previous())) {
                return prefixed(AuditLogReport.broken(1, "header does not link to the last line of "
                        + before.getFileName() + " (a file was truncated, replaced or left out)"), file);
            }
            total += report.lines();
            last = report;
            before = file;
        }
        if (last == null) {
            return AuditLogReport.broken(1, "no audit log files");
        }
        return new AuditLogReport(true, total, 0, null, last.lastHash(),
                "ok: " + files.size() + " files, " + total + " lines, chain intact");
    }

    private static AuditLogReport prefixed(AuditLogReport report, Path file) {
        return new AuditLogReport(report.intact(), report.lines(), report.firstBrokenLine(), report.previous(),
                report.lastHash(), file.getFileName() + ": " + report.message());
    }

    /** The chain state while walking one file. */
    private static final class Walk {
        private int line;
        private String lastHash;
        private String previous;

        AuditLogReport accept(String text) {
            line++;
            ParsedLine parsed = ParsedLine.of(text);
            if (parsed.problem() != null) {
                return AuditLogReport.broken(line, parsed.problem());
            }
            ChainedLine.Parts parts = parsed.parts();
            if (parts.signature() != null) {
                // Audit lines are never signed; a "sig" is not where the chain hash ends a line.
                return AuditLogReport.broken(line, "no chain hash at the end of the line");
            }
            if (line == 1) {
                if (!AuditLogChain.HEADER_KIND.equals(parsed.kind()) || parsed.json().path("v").asInt(0) != 1) {
                    return AuditLogReport.broken(line, "not a version 1 audit log header");
                }
                previous = parsed.text("previous");
                return checkHash(parts, ChainedLine.firstHash(parts.body()));
            }
            String badIndex = parsed.indexProblem(line - 1);
            if (badIndex != null) {
                return AuditLogReport.broken(line, badIndex);
            }
            if (!AuditLogChain.EVENT_KIND.equals(parsed.kind())) {
                return AuditLogReport.broken(line, "not an audit event");
            }
            return checkHash(parts, ChainedLine.nextHash(lastHash, parts.body()));
        }

        private AuditLogReport checkHash(ChainedLine.Parts parts, String expected) {
            if (!expected.equals(parts.hash())) {
                return AuditLogReport.broken(line, "hash does not match (edited, inserted or reordered)");
            }
            lastHash = parts.hash();
            return null;
        }

        AuditLogReport finish() {
            if (line == 0) {
                return AuditLogReport.broken(1, "empty audit log (no header)");
            }
            return new AuditLogReport(true, line, 0, previous, lastHash, "ok: " + line + " lines, chain intact");
        }
    }
}
