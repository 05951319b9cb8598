package dev.hoshu.broker.recording.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Object keys and file paths come from plain hospital and session ids only. */
class RecordingKeyTest {

    @Test
    void hostileIdsAreRefusedWithoutBeingEchoed() {
        for (String hostile : List.of("../hosp-b", "hosp-a/s-1", "..", "", " s-1", "s-1\n", "s-1;rm -rf /", "a".repeat(65),
                "s..1", "/etc/passwd", "s-1\u202e")) {
            assertThatThrownBy(() -> new RecordingKey("hosp-a", hostile))
                    .hasMessage("refused: hospital and session ids must be plain names");
            assertThatThrownBy(() -> new RecordingKey(hostile, "s-1")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void onlyHospitalSlashSessionDotJsonlParses() {
        assertThat(RecordingKey.parse("hosp-a/s-1.jsonl")).contains(new RecordingKey("hosp-a", "s-1"));
        for (String foreign : List.of("hosp-a/s-1.json", "hosp-a/sub/s-1.jsonl", "../hosp-a/s-1.jsonl", "s-1.jsonl",
                "hosp-a/.s-1.jsonl", "hosp-a/s-1.jsonl.part", "hosp-a/../s-1.jsonl")) {
            assertThat(RecordingKey.parse(foreign)).as(foreign).isEmpty();
        }
    }
}
