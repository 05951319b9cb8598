package dev.hoshu.broker.report;

import static dev.hoshu.broker.workorder.WorkOrderFixture.KATO;
import static dev.hoshu.broker.workorder.WorkOrderFixture.SATO;
import static dev.hoshu.broker.workorder.WorkOrderFixture.SUZUKI;
import static dev.hoshu.broker.workorder.WorkOrderFixture.TANAKA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hoshu.api.service.RefusedException;
import dev.hoshu.api.service.ReportFormat;
import dev.hoshu.api.service.WorkOrderClosing;
import dev.hoshu.audit.AuditEvent;
import dev.hoshu.broker.workorder.WorkOrderFixture;
import dev.hoshu.report.RepairForm;
import dev.hoshu.report.RepairReport;
import dev.hoshu.report.ReportJson;
import dev.hoshu.report.ReportVerifier;
import dev.hoshu.tools.Pem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** REQ-WORK-2: the report holds the record, is signed over its exact bytes, and reads in Japanese as a PDF. */
class RepairReportsTest {

    private static final WorkOrderClosing DONE = new WorkOrderClosing("X線管を交換し復旧しました", "ON_SITE_VISIT", null,
            "ファントム撮影で画質を確認", "放射線科 高橋");

    @TempDir
    Path dir;

    private WorkOrderFixture fixture;

    @AfterEach
    void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void theJsonReportHoldsTheRecordAndVerifiesWithThePublishedKey() throws Exception {
        fixture = newFixture();
        fixture.workOrders.close(SATO, "r-a1", DONE);

        byte[] json = fixture.reports.report(SUZUKI, "r-a1", ReportFormat.JSON).content();
        byte[] signature = fixture.reports.report(TANAKA, "r-a1", ReportFormat.JSON_SIGNATURE).content();

        PublicKey published = Pem.parsePublicKey(fixture.reports.signingKey().publicKeyPem(), "report key");
        assertThat(ReportVerifier.verify(json, signature, published).valid()).isTrue();
        RepairReport report = ReportJson.parse(json);
        assertThat(report.signingKey()).isEqualTo(fixture.reports.signingKey().id());
        assertThat(report.hospital().name()).isEqualTo("保守 総合病院");
        assertThat(report.device().model()).isEqualTo("Aquilion ONE");
        assertThat(report.device().firmware()).isEqualTo("V10.2");
        assertThat(report.company().name()).isEqualTo("メドサーブ株式会社");
        assertThat(report.workOrder().reason()).isEqualTo("撮影できない / no images");
        assertThat(report.approvals()).extracting(RepairReport.ApprovalFacts::approver).containsExactly("tanaka", "yamada");
        assertThat(report.sessions()).extracting(RepairReport.SessionFacts::session).containsExactly("s-a1", "s-a2");
        RepairReport.SessionFacts cut = report.sessions().get(1);
        assertThat(cut.cut()).isEqualTo("by tanaka: 画像確認のため停止");
        assertThat(cut.exit()).isNull();
        assertThat(report.sessions().get(0).exit()).isZero();
        assertThat(report.sessions()).allSatisfy(s -> assertThat(s.recordingIntact() && s.recordingSealed()).isTrue());
        assertThat(report.closure().repairForm()).isEqualTo(RepairForm.ON_SITE_VISIT);
        assertThat(report.closure().operationCheck()).isEqualTo("ファントム撮影で画質を確認");
        assertThat(report.closure().helper()).isEqualTo("放射線科 高橋");

        assertThat(fixture.notices).singleElement().satisfies(notice -> {
            assertThat(notice.hospital()).isEqualTo("hosp-a");
            assertThat(notice.report().getBytes(StandardCharsets.UTF_8)).isEqualTo(json);
            assertThat(ReportVerifier.verify(notice.report().getBytes(StandardCharsets.UTF_8),
                    notice.signature().getBytes(StandardCharsets.UTF_8), published).valid()).isTrue();
        });

        byte[] changed = json.clone();
        changed[changed.length / 2] ^= 0x20;
        assertThat(ReportVerifier.verify(changed, signature, published).valid()).isFalse();
    }

    @Test
    void aDownloadGivesTheSameBytesEveryTime() {
        fixture = newFixture();
        fixture.workOrders.close(SATO, "r-a1", DONE);

        assertThat(fixture.reports.report(SATO, "r-a1", ReportFormat.JSON).content())
                .isEqualTo(fixture.reports.report(SUZUKI, "r-a1", ReportFormat.JSON).content());
    }

    @Test
    void thePdfEmbedsTheJapaneseFontAndPdftotextReadsTheJapaneseBack() throws Exception {
        fixture = newFixture();
        fixture.workOrders.close(SATO, "r-a1", DONE);

        byte[] pdf = fixture.reports.report(SUZUKI, "r-a1", ReportFormat.PDF).content();
        byte[] signature = fixture.reports.report(SUZUKI, "r-a1", ReportFormat.PDF_SIGNATURE).content();

        PublicKey published = Pem.parsePublicKey(fixture.reports.signingKey().publicKeyPem(), "report key");
        assertThat(ReportVerifier.verify(pdf, signature, published).valid()).isTrue();
        Path file = dir.resolve("report.pdf");
        Files.write(file, pdf);
        String text = run("pdftotext", "-enc", "UTF-8", file.toString(), "-");
        assertThat(text).contains("修理報告書 / Repair report", "保守 総合病院", "X線管を交換し復旧しました",
                "ファントム撮影で画質を確認", "放射線科 高橋", "現地訪問 / on-site visit", "by tanaka: 画像確認のため停止");
        String fonts = run("pdffonts", file.toString());
        assertThat(fonts).contains("IPAexGothic").contains("CID TrueType");
    }

    @Test
    void withoutAJapaneseFontThePdfIsRefusedByNameAndTheJsonStillServes() {
        fixture = newFixture(Optional::empty);
        fixture.workOrders.close(SATO, "r-a1", DONE);
        fixture.audit.clear();

        assertThatThrownBy(() -> fixture.reports.report(SUZUKI, "r-a1", ReportFormat.PDF))
                .isInstanceOfSatisfying(RefusedException.class, r -> assertThat(r.status())
                        .isEqualTo(RefusedException.Status.UNAVAILABLE))
                .hasMessage("refused: no Japanese TrueType font is installed for the PDF report (install the Debian "
                        + "package fonts-ipaexfont); the JSON report is available");
        assertThat(fixture.audit.single().outcome()).isEqualTo(AuditEvent.Outcome.REFUSED);
        assertThat(fixture.reportsDir.resolve("hosp-a/r-a1.pdf")).doesNotExist();
        assertThat(fixture.reports.report(SUZUKI, "r-a1", ReportFormat.JSON).content()).isNotEmpty();
    }

    @Test
    void anOpenOrForeignOrderHasNoReport() {
        fixture = newFixture();

        assertThatThrownBy(() -> fixture.reports.report(SUZUKI, "r-a1", ReportFormat.JSON))
                .hasMessage("refused: work order r-a1 is still open; its report is made when it is closed");
        fixture.workOrders.close(SATO, "r-a1", DONE);
        assertThatThrownBy(() -> fixture.reports.report(KATO, "r-a1", ReportFormat.JSON))
                .isInstanceOfSatisfying(RefusedException.class, r -> assertThat(r.status())
                        .isEqualTo(RefusedException.Status.NOT_FOUND))
                .hasMessage("unknown work order r-a1");
        assertThat(fixture.audit.events()).filteredOn(e -> e.action().equals("report.download"))
                .extracting(AuditEvent::outcome, AuditEvent::hospital)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(AuditEvent.Outcome.REFUSED, "hosp-a"),
                        org.assertj.core.groups.Tuple.tuple(AuditEvent.Outcome.REFUSED, "hosp-a"));
    }

    private WorkOrderFixture newFixture() {
        return newFixture(RepairReportsTest::installedFont);
    }

    private WorkOrderFixture newFixture(java.util.function.Supplier<Optional<Path>> font) {
        try {
            return new WorkOrderFixture(dir, font);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The font the broker finds; a machine without it fails here, by name, rather than skipping. */
    private static Optional<Path> installedFont() {
        Optional<Path> font = JapaneseFont.find();
        assertThat(font).as("IPAex Gothic (Debian fonts-ipaexfont) must be installed for the PDF report tests")
                .isPresent();
        return font;
    }

    /** Runs a poppler program; a missing one fails the test (fonts-ipaexfont and poppler-utils are test needs). */
    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
