package dev.hoshu.broker.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds a Japanese TrueType font on the machine at run time: IPAex Gothic as fontconfig knows it (Debian's
 * {@code fonts-ipaexfont}), else its usual path. Only TrueType ({@code .ttf}) is taken: PDFBox embeds CFF-based
 * OpenType fonts (Noto CJK's {@code .otf}/{@code .ttc}) badly. No font means no PDF, refused by name.
 */
public final class JapaneseFont {

    static final String FAMILY = "IPAexGothic";
    static final List<Path> KNOWN_PATHS = List.of(Path.of("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"),
            Path.of("/usr/share/fonts/truetype/ipaexfont-gothic/ipaexg.ttf"));
    public static final String MISSING = "refused: no Japanese TrueType font is installed for the PDF report "
            + "(install the Debian package fonts-ipaexfont); the JSON report is available";

    private JapaneseFont() {
    }

    /** The IPAex Gothic file, if installed. */
    public static Optional<Path> find() {
        Optional<Path> fromFontconfig = fcMatch();
        if (fromFontconfig.isPresent()) {
            return fromFontconfig;
        }
        return KNOWN_PATHS.stream().filter(Files::isRegularFile).findFirst();
    }

    /**
     * fontconfig always answers with some font; only one of the IPAex family in a TrueType file is taken.
     */
    private static Optional<Path> fcMatch() {
        try {
            Process fc = new ProcessBuilder("fc-match", "-f", "%{family}|%{file}", FAMILY)
                    .redirectErrorStream(true).start();
            String answer;
            try (InputStream out = fc.getInputStream()) {
                answer = new String(out.readNBytes(4096), StandardCharsets.UTF_8).strip();
            }
            if (!fc.waitFor(10, TimeUnit.SECONDS) || fc.exitValue() != 0) {
                fc.destroyForcibly();
                return Optional.empty();
            }
            int bar = answer.lastIndexOf('|');
            if (bar < 0 || !answer.substring(0, bar).replace(" ", "").toLowerCase(Locale.ROOT).contains("ipaex")) {
                return Optional.empty();
            }
            Path file = Path.of(answer.substring(bar + 1)).toRealPath();
            return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ttf") && Files.isRegularFile(file)
                    ? Optional.of(file) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
