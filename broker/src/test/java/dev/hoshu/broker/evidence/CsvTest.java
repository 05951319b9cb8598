package dev.hoshu.broker.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A value a device or a person wrote can never start a formula in the spreadsheet the CSV is opened in. */
class CsvTest {

    @ParameterizedTest
    @ValueSource(strings = {"=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "＝1+1", "＋1", "－1", "＠SUM(A1)"})
    void aCellThatWouldStartAFormulaIsQuoted(String value) {
        assertThat(Csv.cell(value)).satisfiesAnyOf(
                cell -> assertThat(cell).startsWith("'"),
                cell -> assertThat(cell).startsWith("\"'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Aquilion ONE", "V10.2", "佐藤 健", "1-2"})
    void plainValuesStayAsTheyAre(String value) {
        assertThat(Csv.cell(value)).isEqualTo(value);
    }
}
