package dev.hoshu.broker.siem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.audit.AuditEvent;
import dev.hoshu.broker.access.TestClock;
import dev.hoshu.broker.audit.AuditLogDirectory;
import dev.hoshu.broker.audit.FileAuditTrail;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log read forward across day files as the broker's trail wrote them, including the files a crash or a
 * damaged disk leaves behind: a day with only its header is passed over, a past day that cannot be finished is an
 * error, never a silent stop.
 */
class AuditFeedTest {

    private static final Pattern ACTION = Pattern.compile(" hoshu - (\\S+) ");

    @TempDir
    Path dir;

    private AuditLogDirectory directory;
    private AuditFeed feed;
    private final TestClock clock = new TestClock(Instant.parse("2026-11-19T03:00:00Z"));

    @BeforeEach
    void setUp() {
        directory = new AuditLogDirectory(dir.resolve("audit"));
        feed = new AuditFeed(directory);
    }

    /** Writes each day's actions with the real trail, one day after the other. */
    private void days(List<List<String>> actionsPerDay) {
        FileAuditTrail trail = new FileAuditTrail(directory, "broker-1", clock);
        try {
            for (List<String> day : actionsPerDay) {
                for (String action : day) {
                    trail.record(new AuditEvent(action, "sato", "medserve", "hosp-a", "r-1",
                            AuditEvent.Outcome.ALLOWED, null, Map.of()));
                }
                clock.advance(Duration.ofDays(1));
            }
        } finally {
            trail.close();
        }
    }

    private Path day(String date) {
        return directory.dir().resolve("audit-" + date + ".jsonl");
    }

    private static List<String> actions(List<AuditFeed.Item> items) {
        return items.stream().map(item -> {
            Matcher action = ACTION.matcher(item.syslogLine());
            assertThat(action.find()).as(item.syslogLine()).isTrue();
            return action.group(1);
        }).toList();
    }

    private static void keepFirstLines(Path file, int lines) throws IOException {
        List<String> kept = Files.readAllLines(file, StandardCharsets.UTF_8).subList(0, lines);
        Files.writeString(file, String.join("\n", kept) + "\n", StandardCharsets.UTF_8);
    }

    @Test
    void aDayFileHoldingOnlyItsHeaderIsPassedOver() throws IOException {
        days(List.of(List.of("request.create"), List.of("request.approve"), List.of("session.start")));
        // A crash between the header and the day's first event.
        keepFirstLines(day("2026-11-20"), 1);

        List<AuditFeed.Item> all = feed.after(feed.beginning().orElseThrow(), 10);

        assertThat(actions(all)).containsExactly("request.create", "session.start");
        assertThat(all.get(1).after().file()).isEqualTo("audit-2026-11-21.jsonl");
        assertThat(actions(feed.after(all.get(0).after(), 10))).containsExactly("session.start");
        assertThat(feed.after(all.get(1).after(), 10)).isEmpty();
    }

    @Test
    void theNewestDayHoldingOnlyItsHeaderIsWaitedOnNotAnError() throws IOException {
        days(List.of(List.of("request.create"), List.of("request.approve")));
        keepFirstLines(day("2026-11-20"), 1);
        List<AuditFeed.Item> first = feed.after(feed.beginning().orElseThrow(), 10);

        assertThat(actions(first)).containsExactly("request.create");
        assertThat(feed.after(first.get(0).after(), 10)).isEmpty();
    }

    @Test
    void aPastDayWithATornLastLineIsAnErrorOnceItsWholeLinesAreOut() throws IOException {
        days(List.of(List.of("request.create", "request.approve"), List.of("session.start")));
        Path torn = day("2026-11-19");
        byte[] bytes = Files.readAllBytes(torn);
        Files.write(torn, java.util.Arrays.copyOf(bytes, bytes.length - 20));

        List<AuditFeed.Item> whole = feed.after(feed.beginning().orElseThrow(), 10);
        assertThat(actions(whole)).containsExactly("request.create");

        assertThatThrownBy(() -> feed.after(whole.get(0).after(), 10))
                .isInstanceOf(IOException.class)
                .hasMessage("audit log file audit-2026-11-19.jsonl cannot be read past byte "
                        + whole.get(0).after().offset() + " (a torn last line or one over 1048576 bytes) although"
                        + " audit-2026-11-20.jsonl follows it; the export stops here until it is repaired");
    }

    @Test
    void theNewestDaysUnfinishedLineIsWaitedOn() throws IOException {
        days(List.of(List.of("request.create", "request.approve")));
        Path today = day("2026-11-19");
        byte[] bytes = Files.readAllBytes(today);
        Files.write(today, java.util.Arrays.copyOf(bytes, bytes.length - 20));

        List<AuditFeed.Item> whole = feed.after(feed.beginning().orElseThrow(), 10);

        assertThat(actions(whole)).containsExactly("request.create");
        assertThat(feed.after(whole.get(0).after(), 10)).isEmpty();
    }

    @Test
    void aLineLongerThanTheFeedReadsAtOnceIsAnError() throws IOException {
        days(List.of(List.of("request.create"), List.of("session.start")));
        Path past = day("2026-11-19");
        long before = Files.size(past);
        Files.writeString(past, "x".repeat((1 << 20) + 10) + "\n", StandardCharsets.US_ASCII,
                StandardOpenOption.APPEND);
        List<AuditFeed.Item> first = feed.after(feed.beginning().orElseThrow(), 10);
        assertThat(actions(first)).containsExactly("request.create");

        assertThatThrownBy(() -> feed.after(first.get(0).after(), 10))
                .isInstanceOf(IOException.class)
                .hasMessage("audit log file audit-2026-11-19.jsonl has a line over 1048576 bytes at byte " + before
                        + "; the export stops here until it is repaired");
    }
}
