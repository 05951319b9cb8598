package dev.hoshu.broker.report;

import dev.hoshu.report.RepairReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Renders a repair report as an A4 PDF, every label in Japanese and English, with the Japanese font embedded (as a
 * subset) so the hospital reads the same characters on any machine for as long as it keeps the file. The JSON is
 * the record; the PDF is its readable form and says which JSON it was made from.
 */
final class ReportPdf {

    private static final float MARGIN = 50;
    private static final float SIZE = 10;
    private static final float TITLE_SIZE = 15;
    private static final float LEADING = 14;
    private static final float LABEL_WIDTH = 150;
    private static final DateTimeFormatter JST = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'JST'")
            .withZone(ZoneId.of("Asia/Tokyo"));

    private ReportPdf() {
    }

    /** @param jsonSha256 hex SHA-256 of the report's canonical JSON, printed so the two can be matched */
    static byte[] render(RepairReport report, String jsonSha256, Path fontFile) throws IOException {
        try (PDDocument document = new PDDocument()) {
            PDType0Font font = PDType0Font.load(document, fontFile.toFile());
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle("修理報告書 / Repair report " + report.reportId());
            info.setProducer("Hoshu");
            Writer writer = new Writer(document, font);
            writer.write(rows(report, jsonSha256));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return ReadableCjkText.repair(out.toByteArray(), writer.written);
        }
    }

    private record Row(String label, String value) {
    }

    private static List<Row> rows(RepairReport r, String jsonSha256) {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("報告書番号 / Report", r.reportId() + "  (" + time(r.generatedAt()) + ")"));
        rows.add(new Row("医療機関 / Hospital", r.hospital().name() + " (" + r.hospital().id() + ")"));
        RepairReport.DeviceFacts d = r.device();
        rows.add(new Row("装置 / Device", d.id() + "  機種 model: " + or(d.model()) + "  ファームウェア firmware: "
                + or(d.firmware())));
        rows.add(new Row("保守会社 / Company", r.company().name() + " (" + r.company().id() + ")"));
        rows.add(new Row("作業者 / Engineer", r.engineer().id()));
        rows.add(new Row("作業区分 / Category", r.workOrder().category()
                + (r.workOrder().reference() == null ? "" : "  作業指示 reference: " + r.workOrder().reference())));
        rows.add(new Row("依頼理由 / Reason", r.workOrder().reason()));
        rows.add(new Row("承認 / Approvals", r.approvals().isEmpty() ? "-" : String.join(", ", r.approvals().stream()
                .map(a -> a.approver() + " " + time(a.at())).toList())));
        RepairReport.Window w = r.window();
        rows.add(new Row("作業時間枠 / Window", time(w.notBefore()) + " – " + time(w.notAfter()) + "  (grant "
                + w.grant() + ")" + (w.revokedAt() == null ? "" : "  取消 revoked " + time(w.revokedAt()) + ": "
                + or(w.revokedReason()))));
        if (r.sessions().isEmpty()) {
            rows.add(new Row("セッション / Sessions", "なし / none"));
        }
        for (RepairReport.SessionFacts s : r.sessions()) {
            String command = s.args().isEmpty() ? s.tool() : s.tool() + " " + String.join(" ", s.args());
            rows.add(new Row("セッション / Session", s.session() + ": " + command + "  " + time(s.started()) + " – "
                    + time(s.ended()) + "  終了状態 exit: " + (s.exit() == null ? "-" : s.exit())));
            rows.add(new Row("  記録 / Recording", s.recording() + "  検証 verification: " + s.verification()));
            if (s.cut() != null) {
                rows.add(new Row("  遮断 / Cut", s.cut()));
            }
        }
        RepairReport.Closure c = r.closure();
        rows.add(new Row("作業結果 / Result", c.result()));
        rows.add(new Row("修理形態 / Repair form", c.repairForm().japanese() + " / " + c.repairForm().english()
                + (c.repairFormText() == null ? "" : ": " + c.repairFormText())));
        rows.add(new Row("動作確認 / Operation check", c.operationCheck()));
        rows.add(new Row("立会者 / Hospital helper", "none".equals(c.helper()) ? "なし / none" : c.helper()));
        rows.add(new Row("完了 / Closed", c.closedBy() + "  " + time(c.closedAt())));
        rows.add(new Row("JSON SHA-256", jsonSha256));
        rows.add(new Row("署名鍵 / Signing key", r.signingKey()));
        return rows;
    }

    private static String or(String value) {
        return value == null ? "-" : value;
    }

    private static String time(String iso) {
        if (iso == null) {
            return "-";
        }
        return JST.format(Instant.parse(iso));
    }

    /** Lays rows out top to bottom, wrapping values to the column and starting pages as needed. */
    private static final class Writer {

        private final PDDocument document;
        private final PDType0Font font;
        private final Map<Integer, Boolean> printable = new HashMap<>();
        /** Character code (Identity-H: the glyph id) to the text written with it, for the ToUnicode map. */
        private final Map<Integer, String> written = new HashMap<>();
        private PDPageContentStream stream;
        private float y;

        Writer(PDDocument document, PDType0Font font) {
            this.document = document;
            this.font = font;
        }

        void write(List<Row> rows) throws IOException {
            newPage();
            text(MARGIN, y, TITLE_SIZE, safe("修理報告書 / Repair report"));
            y -= LEADING * 2;
            text(MARGIN, y, SIZE - 1, safe("この報告書は Hoshu が記録から作成し、署名したものです。 / Generated and signed by Hoshu "
                    + "from the record."));
            y -= LEADING * 1.5f;
            float valueWidth = PDRectangle.A4.getWidth() - 2 * MARGIN - LABEL_WIDTH;
            for (Row row : rows) {
                List<String> lines = wrap(safe(row.value() == null ? "-" : row.value()), valueWidth);
                if (y - LEADING * lines.size() < MARGIN) {
                    newPage();
                }
                text(MARGIN, y, SIZE, safe(row.label()));
                for (String line : lines) {
                    text(MARGIN + LABEL_WIDTH, y, SIZE, line);
                    y -= LEADING;
                }
                y -= 3;
            }
            stream.close();
        }

        private void newPage() throws IOException {
            if (stream != null) {
                stream.close();
            }
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            stream = new PDPageContentStream(document, page);
            y = PDRectangle.A4.getHeight() - MARGIN;
        }

        private void text(float x, float atY, float size, String line) throws IOException {
            stream.beginText();
            stream.setFont(font, size);
            stream.newLineAtOffset(x, atY);
            stream.showText(line);
            stream.endText();
        }

        /** Characters the font has no glyph for become {@code ?}, so any text renders and none is silently lost. */
        private String safe(String text) {
            StringBuilder out = new StringBuilder();
            text.codePoints().forEach(cp -> {
                if (cp == '\n') {
                    out.append('\n');
                    return;
                }
                boolean has = printable.computeIfAbsent(cp, c -> {
                    String character = new String(Character.toChars(c));
                    try {
                        byte[] code = font.encode(character);
                        written.putIfAbsent(((code[0] & 0xff) << 8) | (code[1] & 0xff), character);
                        return true;
                    } catch (IOException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                        return false;
                    }
                });
                if (!has) {
                    written.putIfAbsent(questionMarkCode(), "?");
                }
                out.appendCodePoint(has ? cp : '?');
            });
            return out.toString();
        }

        private int questionMarkCode() {
            try {
                byte[] code = font.encode("?");
                return ((code[0] & 0xff) << 8) | (code[1] & 0xff);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private List<String> wrap(String text, float width) throws IOException {
            List<String> lines = new ArrayList<>();
            for (String paragraph : text.split("\n", -1)) {
                StringBuilder line = new StringBuilder();
                int i = 0;
                while (i < paragraph.length()) {
                    int cp = paragraph.codePointAt(i);
                    String next = line + new String(Character.toChars(cp));
                    if (line.length() > 0 && font.getStringWidth(next) / 1000 * SIZE > width) {
                        lines.add(line.toString());
                        line.setLength(0);
                    }
                    line.appendCodePoint(cp);
                    i += Character.charCount(cp);
                }
                lines.add(line.toString());
            }
            return lines;
        }
    }
}
