package dev.hoshu.broker.evidence;

import java.util.List;

/**
 * RFC 4180 lines. A cell that a spreadsheet would run as a formula ({@code = + - @} first) is prefixed with
 * {@code '}, because device reports and names come from outside and the file is opened in spreadsheets.
 */
final class Csv {

    private Csv() {
    }

    static String line(List<String> cells) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(cell(cells.get(i)));
        }
        return line.append("\r\n").toString();
    }

    private static final String FORMULA_STARTS = "=+-@\t\r\uFF1D\uFF0B\uFF0D\uFF20";

    static String cell(String value) {
        if (value == null) {
            return "";
        }
        // A spreadsheet reads a cell starting with any of these as a formula, the full-width forms included.
        String text = !value.isEmpty() && FORMULA_STARTS.indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }
}
