package dev.hoshu.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Writes a run's figures as bench/results/&lt;timestamp&gt;.json (the folder is ignored by git). */
public final class ResultFile {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ResultFile() {
    }

    public static Path write(Path resultsDir, Instant startedAt, BenchReport report) throws IOException {
        Files.createDirectories(resultsDir);
        Path file = resultsDir.resolve(STAMP.format(startedAt) + ".json");
        Files.writeString(file, JSON.writeValueAsString(report) + "\n");
        return file;
    }

    public static BenchReport read(Path file) throws IOException {
        return JSON.readValue(Files.readString(file), BenchReport.class);
    }
}
