package dev.hoshu.broker.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Makes the PDF's text read back as the characters written. IPAex maps a Kangxi radical (⾼ U+2F7C) and its
 * ideograph (高 U+9AD8) to one glyph, and PDFBox's ToUnicode map names the lower code point, so copying or searching
 * the report would yield radicals. The map is rewritten from the characters the report actually wrote, and a radical
 * or compatibility ideograph written as such still reads as its unified ideograph (NFKC).
 */
final class ReadableCjkText {

    private static final int PER_BLOCK = 100;

    private ReadableCjkText() {
    }

    /** @param written each character code the content streams show, with the text it was written as */
    static byte[] repair(byte[] pdf, Map<Integer, String> written) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            for (PDPage page : document.getPages()) {
                PDResources resources = page.getResources();
                for (COSName name : resources.getFontNames()) {
                    PDFont font = resources.getFont(name);
                    if (font instanceof PDType0Font type0) {
                        rewrite(document, type0, written);
                    }
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        }
    }

    private static void rewrite(PDDocument document, PDType0Font font, Map<Integer, String> written) throws IOException {
        Map<Integer, String> mapping = new TreeMap<>();
        written.forEach((code, text) -> mapping.put(code, unified(text)));
        PDStream stream = new PDStream(document);
        try (OutputStream out = stream.createOutputStream()) {
            out.write(cmap(mapping).getBytes(StandardCharsets.US_ASCII));
        }
        font.getCOSObject().setItem(COSName.TO_UNICODE, stream);
    }

    static String unified(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(cp -> {
            boolean radical = (cp >= 0x2E80 && cp <= 0x2FDF) || (cp >= 0xF900 && cp <= 0xFAFF);
            out.append(radical ? Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC)
                    : new String(Character.toChars(cp)));
        });
        return out.toString();
    }

    private static String cmap(Map<Integer, String> mapping) {
        StringBuilder cmap = new StringBuilder("""
                /CIDInit /ProcSet findresource begin
                12 dict begin
                begincmap
                /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
                /CMapName /Adobe-Identity-UCS def
                /CMapType 2 def
                1 begincodespacerange
                <0000> <FFFF>
                endcodespacerange
                """);
        List<Map.Entry<Integer, String>> entries = new ArrayList<>(mapping.entrySet());
        HexFormat hex = HexFormat.of().withUpperCase();
        for (int start = 0; start < entries.size(); start += PER_BLOCK) {
            List<Map.Entry<Integer, String>> block = entries.subList(start, Math.min(entries.size(), start + PER_BLOCK));
            cmap.append(block.size()).append(" beginbfchar\n");
            for (Map.Entry<Integer, String> entry : block) {
                cmap.append('<').append(String.format("%04X", entry.getKey())).append("> <")
                        .append(hex.formatHex(entry.getValue().getBytes(StandardCharsets.UTF_16BE))).append(">\n");
            }
            cmap.append("endbfchar\n");
        }
        return cmap.append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n").toString();
    }
}
