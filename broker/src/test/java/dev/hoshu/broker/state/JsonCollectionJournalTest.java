package dev.hoshu.broker.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/** The collection file's snapshot-and-journal format, on real files: what survives a reopen and what refuses one. */
class JsonCollectionJournalTest {

    record Note(String id, String text) {
    }

    @TempDir
    Path dir;

    private JsonCollection<Note> open(Path file) {
        return new JsonCollection<>(file, Note.class, Note::id);
    }

    @Test
    void reopeningAfterPutsUpdatesAndRemovalsGivesTheSameRecordsInTheSameOrder() throws Exception {
        Path file = dir.resolve("notes.json");
        JsonCollection<Note> notes = open(file);
        for (int i = 1; i <= 5; i++) {
            notes.insert(new Note("n-" + i, "first " + i));
        }
        notes.update("n-2", n -> new Note("n-2", "second"));
        notes.put(new Note("n-4", "replaced in place"));
        notes.merge("n-6", n -> new Note("n-6", "merged new"));
        notes.removeIf(n -> n.id().equals("n-1") || n.id().equals("n-3"));
        notes.put(new Note("n-1", "back, now last"));

        List<Note> expected = List.of(new Note("n-2", "second"), new Note("n-4", "replaced in place"),
                new Note("n-5", "first 5"), new Note("n-6", "merged new"), new Note("n-1", "back, now last"));
        assertThat(notes.all()).containsExactlyElementsOf(expected);
        assertThat(open(file).all()).containsExactlyElementsOf(expected);
        assertThat(open(file).find("n-3")).isEmpty();
        assertThat(Files.readAllLines(file)).as("changes after the first are appended, one line each")
                .filteredOn(line -> line.startsWith("{\"put\"") || line.startsWith("{\"remove\"")).hasSize(9);
    }

    @Test
    void aChangeToALargeCollectionAppendsOneLineTheSizeOfItsRecordAndRewritesNothing() throws Exception {
        Path file = dir.resolve("notes.json");
        List<Note> fleet = IntStream.range(0, 20_000).mapToObj(i -> new Note("n-" + i, "device " + i)).toList();
        Files.write(file, JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsBytes(fleet));
        byte[] before = Files.readAllBytes(file);
        JsonCollection<Note> notes = open(file);

        notes.update("n-7", n -> new Note("n-7", "enrolled"));

        byte[] after = Files.readAllBytes(file);
        String appended = new String(after, before.length, after.length - before.length, StandardCharsets.UTF_8);
        assertThat(appended).isEqualTo("\n{\"put\" : {\"id\" : \"n-7\", \"text\" : \"enrolled\"}}\n");
        assertThat(java.util.Arrays.copyOf(after, before.length)).as("the snapshot is left alone").isEqualTo(before);
        assertThat(open(file).all()).hasSize(20_000).element(7).isEqualTo(new Note("n-7", "enrolled"));
    }

    @Test
    void aFolderAnOlderBrokerWroteOpensUnchanged() throws Exception {
        Path file = dir.resolve("notes.json");
        // Byte for byte what the broker wrote before the journal existed: a pretty-printed array, no final newline.
        String old = "[ {\n  \"id\" : \"n-b\",\n  \"text\" : \"東都病院\"\n}, {\n  \"id\" : \"n-a\",\n  \"text\" : \"x\"\n} ]";
        Files.writeString(file, old);

        JsonCollection<Note> notes = open(file);
        assertThat(notes.all()).containsExactly(new Note("n-b", "東都病院"), new Note("n-a", "x"));
        assertThat(Files.readString(file)).as("opening writes nothing").isEqualTo(old);

        notes.put(new Note("n-c", "new"));
        assertThat(Files.readString(file)).startsWith(old + "\n{\"put\"");
        assertThat(open(file).all()).extracting(Note::id).containsExactly("n-b", "n-a", "n-c");
    }

    @Test
    void aTornLastLineIsAChangeNeverAcknowledgedItIsIgnoredLoggedAndOverwritten() throws Exception {
        Path file = dir.resolve("notes.json");
        JsonCollection<Note> notes = open(file);
        notes.put(new Note("n-1", "one"));
        notes.put(new Note("n-2", "two"));
        int tornLine = Files.readAllLines(file).size() + 1;
        // A crash in the middle of an append: part of the line, no newline.
        Files.writeString(file, "{\"put\" : {\"id\" : \"n-3\", \"te", StandardOpenOption.APPEND);

        ListAppender<ILoggingEvent> logged = capture();
        JsonCollection<Note> reopened;
        try {
            reopened = open(file);
        } finally {
            release(logged);
        }
        assertThat(reopened.all()).extracting(Note::id).containsExactly("n-1", "n-2");
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line).contains(file.toString()).contains("torn line " + tornLine + " ")
                        .contains("never acknowledged"));

        reopened.put(new Note("n-4", "four"));
        assertThat(Files.readString(file)).doesNotContain("n-3");
        assertThat(open(file).all()).extracting(Note::id).containsExactly("n-1", "n-2", "n-4");
    }

    @Test
    void aLastLineThatIsNotJsonEvenWithItsNewlineIsTheUnacknowledgedAppendAndIsIgnored() throws Exception {
        Path file = dir.resolve("notes.json");
        JsonCollection<Note> notes = open(file);
        notes.put(new Note("n-1", "one"));
        notes.put(new Note("n-2", "two"));
        // Blocks of the last append reached the disk out of order: its start is zeros, its newline is there.
        Files.write(file, "\0\0\0\0\0\0\0\0\"id\" : \"n-3\"}}\n".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);

        JsonCollection<Note> reopened = open(file);
        assertThat(reopened.all()).extracting(Note::id).containsExactly("n-1", "n-2");
        reopened.put(new Note("n-4", "four"));
        assertThat(open(file).all()).extracting(Note::id).containsExactly("n-1", "n-2", "n-4");
    }

    @Test
    void aCorruptJournalLineInTheMiddleRefusesTheFileNamingItAndTheLine() throws Exception {
        Path file = dir.resolve("notes.json");
        JsonCollection<Note> notes = open(file);
        notes.put(new Note("n-1", "one"));
        notes.put(new Note("n-2", "two"));
        notes.put(new Note("n-3", "three"));
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        int second = lines.indexOf(lines.stream().filter(l -> l.contains("n-2")).findFirst().orElseThrow());
        lines.set(second, "{\"put\" : {\"id\" : \"n-2\", garbage}}");
        Files.write(file, lines);

        assertThatThrownBy(() -> open(file)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("state file " + file + " is unreadable: line " + (second + 1) + " is not JSON")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aLineThatIsJsonButNoChangeRefusesTheFile() throws Exception {
        Path file = dir.resolve("notes.json");
        open(file).put(new Note("n-1", "one"));
        for (String line : List.of("{\"drop\" : [\"n-1\"]}", "{\"remove\" : \"n-1\"}", "{\"put\" : {\"text\" : \"no id\"}}",
                "[1, 2]", "{\"remove\" : [1]}")) {
            byte[] valid = Files.readAllBytes(file);
            int added = Files.readAllLines(file).size() + 1;
            Files.writeString(file, line + "\n", StandardOpenOption.APPEND);
            assertThatThrownBy(() -> open(file)).as(line).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("state file " + file + " is unreadable: line " + added + " ")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
            Files.write(file, valid);
        }
    }

    @Test
    void aCorruptSnapshotRefusesTheFileEvenWithAJournalAfterIt() throws Exception {
        Path file = dir.resolve("notes.json");
        Files.writeString(file, "[ {\"id\" : \"n-1\", \"text\" : 1 2 ]\n{\"put\" : {\"id\" : \"n-2\", \"text\" : \"x\"}}\n");
        assertThatThrownBy(() -> open(file)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("state file " + file + " is unreadable: its snapshot is not an array of records")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));

        for (String snapshot : List.of("[ {\"text\" : \"no id\"} ]", "[ null ]", "{\"id\" : \"n-1\"}", "")) {
            Files.writeString(file, snapshot);
            assertThatThrownBy(() -> open(file)).as(snapshot).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("state file " + file + " is unreadable: its snapshot ")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }

        Files.writeString(file, "{\"put\" : {\"id\" : \"n-2\", \"text\" : \"x\"}}\n");
        assertThatThrownBy(() -> open(file)).as("a journal without its snapshot").isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is unreadable: its snapshot is not an array of records");
    }

    @Test
    void aRemovalTheDiskRefusesDropsNothingAndThrows() throws Exception {
        Path file = dir.resolve("notes.json");
        JsonCollection<Note> notes = open(file);
        notes.put(new Note("n-1", "one"));
        notes.put(new Note("n-2", "two"));
        byte[] onDisk = Files.readAllBytes(file);
        Files.move(file, dir.resolve("aside"));
        Files.createDirectories(file.resolve("in-the-way"));

        assertThatThrownBy(() -> notes.removeIf(n -> true)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot write " + file);
        assertThat(notes.all()).extracting(Note::id).containsExactly("n-1", "n-2");

        Files.delete(file.resolve("in-the-way"));
        Files.delete(file);
        Files.write(file, onDisk);
        notes.removeIf(n -> n.id().equals("n-1"));
        assertThat(open(file).all()).extracting(Note::id).containsExactly("n-2");
    }

    @Test
    void aFileShortenedUnderTheBrokerIsRefusedNotOverwritten() throws Exception {
        Path file = dir.resolve("notes.json");
        JsonCollection<Note> notes = open(file);
        notes.put(new Note("n-1", "one"));
        notes.put(new Note("n-2", "two"));
        Files.writeString(file, "[ ]");

        assertThatThrownBy(() -> notes.put(new Note("n-3", "three"))).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("shorter");
        assertThat(notes.find("n-3")).isEmpty();
        assertThat(Files.readString(file)).isEqualTo("[ ]");
    }

    @Test
    void anUpdateReturningTheSameRecordWritesNothing() throws Exception {
        Path file = dir.resolve("notes.json");
        JsonCollection<Note> notes = open(file);
        notes.put(new Note("n-1", "one"));
        notes.put(new Note("n-2", "two"));
        byte[] before = Files.readAllBytes(file);

        assertThat(notes.update("n-1", n -> n)).contains(new Note("n-1", "one"));
        assertThat(notes.merge("n-2", n -> n)).isEqualTo(new Note("n-2", "two"));

        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void theJournalIsCompactedOnceItOutgrowsTheSnapshotSoTheFileStaysBounded() throws Exception {
        Path file = dir.resolve("notes.json");
        JsonCollection<Note> notes = open(file);
        notes.put(new Note("n-0", "steady"));
        String padding = "x".repeat(1000);
        long largest = 0;
        boolean shrank = false;
        long previous = Files.size(file);
        for (int i = 0; i < 200; i++) {
            notes.put(new Note("n-1", padding + i));
            long size = Files.size(file);
            shrank |= size < previous;
            largest = Math.max(largest, size);
            previous = size;
        }
        assertThat(shrank).as("the journal was folded into a new snapshot").isTrue();
        assertThat(largest).as("200 changes of 1 kB each never made a file over twice the floor")
                .isLessThan(2 * CollectionFile.COMPACTION_FLOOR_BYTES + 2_100);
        assertThat(open(file).all()).containsExactly(new Note("n-0", "steady"), new Note("n-1", padding + 199));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("notes.json");
        }
    }

    private static ListAppender<ILoggingEvent> capture() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(CollectionFile.class)).addAppender(appender);
        return appender;
    }

    private static void release(ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(CollectionFile.class)).detachAppender(appender);
        appender.stop();
    }
}
