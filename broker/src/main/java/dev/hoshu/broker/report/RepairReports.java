package dev.hoshu.broker.report;

import dev.hoshu.access.AccessRequest;
import dev.hoshu.access.Actor;
import dev.hoshu.access.Grant;
import dev.hoshu.access.Names;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.api.service.ReportFile;
import dev.hoshu.api.service.ReportFormat;
import dev.hoshu.api.service.ReportKey;
import dev.hoshu.api.service.ReportService;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.audit.AuditedAct;
import dev.hoshu.broker.audit.AuditedCall;
import dev.hoshu.broker.state.AtomicFiles;
import dev.hoshu.broker.state.Device;
import dev.hoshu.broker.state.DeviceInventory;
import dev.hoshu.broker.state.DeviceStore;
import dev.hoshu.broker.state.GrantStore;
import dev.hoshu.broker.state.OrganisationStore;
import dev.hoshu.broker.state.RequestStore;
import dev.hoshu.broker.state.WorkOrderClosure;
import dev.hoshu.broker.state.WorkOrderClosureStore;
import dev.hoshu.broker.notify.ReportNotice;
import dev.hoshu.broker.notify.ReportNotifier;
import dev.hoshu.broker.workorder.RecordedSession;
import dev.hoshu.broker.workorder.RecordedSessions;
import dev.hoshu.org.Organisation;
import dev.hoshu.report.RepairReport;
import dev.hoshu.report.ReportJson;
import dev.hoshu.report.ReportSignature;
import dev.hoshu.tools.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues and serves repair reports. A report is built once from the record (at closing, or at the first download if
 * that failed), written with its signature under {@code data/reports/<hospital>/}, and from then on served byte for
 * byte as written; the PDF is rendered and signed at its first download. Downloads are for the order's engineer and
 * its hospital's approvers, admins and auditors, and are audited as {@code report.download}.
 */
public final class RepairReports implements ReportService {

    private static final Logger log = LoggerFactory.getLogger(RepairReports.class);

    private final RequestStore requests;
    private final GrantStore grants;
    private final DeviceStore devices;
    private final OrganisationStore organisations;
    private final WorkOrderClosureStore closures;
    private final RecordedSessions sessions;
    private final ReportSigningKey key;
    private final Path reportsDir;
    private final Supplier<Optional<Path>> font;
    private final AuditedCall audit;
    private final Clock clock;
    private final ReportNotifier notifier;

    /** @param notifier told of each report once, when its JSON is first written (delivery by webhook) */
    public RepairReports(RequestStore requests, GrantStore grants, DeviceStore devices, OrganisationStore organisations,
                         WorkOrderClosureStore closures, RecordedSessions sessions, ReportSigningKey key,
                         Path reportsDir, Supplier<Optional<Path>> font, AuditTrail audit, Clock clock,
                         ReportNotifier notifier) {
        this.notifier = notifier;
        this.requests = requests;
        this.grants = grants;
        this.devices = devices;
        this.organisations = organisations;
        this.closures = closures;
        this.sessions = sessions;
        this.key = key;
        this.reportsDir = reportsDir;
        this.font = font;
        this.audit = new AuditedCall(audit);
        this.clock = clock;
    }

    @Override
    public ReportKey signingKey() {
        return new ReportKey(key.id(), key.publicKeyPem());
    }

    /** Builds and stores the JSON report of a just-closed order; a report already written stays as it is. */
    public synchronized void issue(WorkOrderClosure closure) {
        AccessRequest request = requests.find(closure.workOrder()).orElseThrow();
        ensureJson(request, closure);
    }

    @Override
    public ReportFile report(Actor actor, String workOrderId, ReportFormat format) {
        return audit.run("report.download", actor, act -> {
            act.about(actor.organisation(), Names.printable(String.valueOf(workOrderId))).detail("format", format.suffix());
            RefusedException unknown = RefusedException.notFound("unknown work order "
                    + Names.printable(String.valueOf(workOrderId)));
            AccessRequest request = Optional.ofNullable(workOrderId).flatMap(requests::find).orElseThrow(() -> unknown);
            act.about(request.hospital(), request.id());
            if (!mayRead(actor, request)) {
                act.detail("why", "work order of another hospital or engineer");
                throw unknown;
            }
            WorkOrderClosure closure = closures.find(request.id()).orElseThrow(() -> RefusedException.conflict(
                    "refused: work order " + request.id() + " is still open; its report is made when it is closed"));
            byte[] content;
            synchronized (this) {
                ensureJson(request, closure);
                if (format == ReportFormat.PDF || format == ReportFormat.PDF_SIGNATURE) {
                    ensurePdf(request, act);
                }
                content = read(file(request, format));
            }
            act.detail("sha256", Sha256.hex(Sha256.digest(content)));
            return new ReportFile("hoshu-report-" + request.id() + "." + format.suffix(), format, content);
        });
    }

    private static boolean mayRead(Actor actor, AccessRequest request) {
        boolean staff = request.hospital().equals(actor.organisation()) && (actor.hasRole("approver")
                || actor.hasRole("hospital-admin") || actor.hasRole("auditor"));
        boolean engineer = actor.hasRole("engineer") && request.engineer().equals(actor.subject())
                && request.company().equals(actor.organisation());
        return staff || engineer;
    }

    private void ensureJson(AccessRequest request, WorkOrderClosure closure) {
        Path json = file(request, ReportFormat.JSON);
        Path signature = file(request, ReportFormat.JSON_SIGNATURE);
        if (Files.isRegularFile(json, LinkOption.NOFOLLOW_LINKS) && Files.isRegularFile(signature, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        byte[] bytes = ReportJson.bytes(build(request, closure));
        write(json, bytes);
        // The signature goes last: a report counts as issued only once both files are there.
        byte[] signed = ReportSignature.sign(bytes, key.keyPair()).fileBytes();
        write(signature, signed);
        log.info("repair report of work order {} issued ({} bytes)", request.id(), bytes.length);
        try {
            notifier.publish(new ReportNotice(request.hospital(), request.id(), request.device(), request.engineer(),
                    closure.closedBy(), clock.instant(), key.id(), new String(bytes, StandardCharsets.UTF_8),
                    new String(signed, StandardCharsets.UTF_8).strip()));
        } catch (RuntimeException e) {
            log.error("repair report of {} not queued for webhooks: {}", request.id(), e.toString());
        }
    }

    private void ensurePdf(AccessRequest request, AuditedAct act) {
        Path pdf = file(request, ReportFormat.PDF);
        Path signature = file(request, ReportFormat.PDF_SIGNATURE);
        if (Files.isRegularFile(pdf, LinkOption.NOFOLLOW_LINKS) && Files.isRegularFile(signature, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path fontFile = font.get().orElse(null);
        if (fontFile == null) {
            // The broker lacks a part, not the caller a right: a 503, but audited as the refusal the caller saw.
            act.detail("why", "no Japanese font");
            act.refuse(JapaneseFont.MISSING);
            throw RefusedException.unavailable(JapaneseFont.MISSING);
        }
        byte[] json = read(file(request, ReportFormat.JSON));
        byte[] bytes;
        try {
            bytes = ReportPdf.render(ReportJson.parse(json), Sha256.hex(Sha256.digest(json)), fontFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render the PDF report of " + request.id() + ": " + e.getMessage(), e);
        }
        write(pdf, bytes);
        write(signature, ReportSignature.sign(bytes, key.keyPair()).fileBytes());
        log.info("PDF repair report of work order {} rendered with {} ({} bytes)", request.id(), fontFile, bytes.length);
    }

    RepairReport build(AccessRequest request, WorkOrderClosure closure) {
        Grant grant = grants.find(request.grantId()).orElseThrow(() -> new IllegalStateException(
                "grant " + request.grantId() + " of work order " + request.id() + " is missing"));
        DeviceInventory inventory = devices.find(request.device()).map(Device::inventory).orElse(null);
        RepairReport.DeviceFacts device = inventory == null
                ? new RepairReport.DeviceFacts(request.device(), null, null, null, null)
                : new RepairReport.DeviceFacts(request.device(), inventory.model(), inventory.firmware(), inventory.os(),
                inventory.agentVersion());
        List<RepairReport.SessionFacts> recorded = sessions.ofGrant(request.hospital(), grant.id()).stream()
                .map(RepairReports::sessionFacts).toList();
        return new RepairReport(RepairReport.VERSION, request.id(), iso(clock.instant()), key.id(),
                party(request.hospital()), device, party(request.company()),
                new RepairReport.Person(request.engineer()),
                new RepairReport.WorkOrderFacts(request.id(), request.workOrder(), request.category().name(),
                        request.reason(), request.tools(), iso(request.createdAt())),
                request.approvals().stream().map(a -> new RepairReport.ApprovalFacts(a.approver(), iso(a.at()))).toList(),
                new RepairReport.Window(grant.id(), iso(grant.notBefore()), iso(grant.notAfter()),
                        iso(grant.revokedAt()), grant.revokedReason()),
                recorded,
                new RepairReport.Closure(closure.result(), closure.repairForm(), closure.repairFormText(),
                        closure.operationCheck(), closure.helper(), closure.closedBy(), iso(closure.closedAt())));
    }

    private static RepairReport.SessionFacts sessionFacts(RecordedSession s) {
        return new RepairReport.SessionFacts(s.session(), s.tool(), s.args(), iso(s.started()), iso(s.ended()), s.exit(),
                s.cutLine(), s.session() + ".jsonl", s.verification().intact(), s.verification().sealed(),
                s.verification().message());
    }

    private RepairReport.Party party(String id) {
        return new RepairReport.Party(id, organisations.find(id).map(Organisation::name).orElse(id));
    }

    private Path file(AccessRequest request, ReportFormat format) {
        return reportsDir.resolve(request.hospital()).resolve(request.id() + "." + format.suffix());
    }

    private static void write(Path file, byte[] content) {
        try {
            AtomicFiles.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
