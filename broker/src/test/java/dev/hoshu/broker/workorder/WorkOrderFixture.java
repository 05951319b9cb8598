package dev.hoshu.broker.workorder;

import dev.hoshu.broker.killswitch.LiveSession;
import dev.hoshu.broker.killswitch.LiveSessions;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import dev.hoshu.access.AccessRequest;
import dev.hoshu.access.Actor;
import dev.hoshu.access.Category;
import dev.hoshu.access.Grant;
import dev.hoshu.access.RequestApproval;
import dev.hoshu.broker.audit.InMemoryAuditTrail;
import dev.hoshu.broker.notify.ReportNotice;
import dev.hoshu.broker.pki.SealKeyRing;
import dev.hoshu.broker.report.RepairReports;
import dev.hoshu.broker.report.ReportSigningKey;
import dev.hoshu.broker.recording.DurableFiles;
import dev.hoshu.broker.recording.RecordingStore;
import dev.hoshu.broker.recording.archive.RecordingLibrary;
import dev.hoshu.broker.recording.archive.FolderArchive;
import dev.hoshu.broker.state.Device;
import dev.hoshu.broker.state.DeviceInventory;
import dev.hoshu.broker.state.DeviceStatus;
import dev.hoshu.broker.state.FileDeviceStore;
import dev.hoshu.broker.state.FileGrantStore;
import dev.hoshu.broker.state.OrganisationRecords;
import dev.hoshu.broker.state.FileRequestStore;
import dev.hoshu.broker.state.WorkOrderClosureRecords;
import dev.hoshu.org.OrgKind;
import dev.hoshu.org.Organisation;
import dev.hoshu.recording.RecordingChain;
import dev.hoshu.recording.RecordingHeader;
import dev.hoshu.tools.KeyIds;
import dev.hoshu.tools.Pem;
import dev.hoshu.broker.state.RecordCollections;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A hospital with one REPAIR request approved twice, its grant and two recorded sessions (one cut), and another
 * hospital's approved request: the record a work order and its report are made from.
 */
public final class WorkOrderFixture {

    public static final Instant T0 = Instant.parse("2026-11-20T01:00:00Z");
    public static final Actor SATO = new Actor("sato", "medserve", Set.of("engineer"), "佐藤 健");
    public static final Actor YAMADA_ENGINEER = new Actor("yamada", "medserve", Set.of("engineer"), "山田");
    public static final Actor TANAKA = new Actor("tanaka", "hosp-a", Set.of("approver", "hospital-admin"), "田中 花子");
    public static final Actor SUZUKI = new Actor("suzuki", "hosp-a", Set.of("auditor"), "鈴木 一郎");
    public static final Actor KATO = new Actor("kato", "hosp-b", Set.of("approver", "hospital-admin"), "加藤 誠");

    public final InMemoryAuditTrail audit = new InMemoryAuditTrail();
    /** The reports delivered by webhook, as the outbox would have been handed them. */
    public final List<ReportNotice> notices = new java.util.concurrent.CopyOnWriteArrayList<>();
    public final FileRequestStore requests;
    public final FileGrantStore grants;
    public final FileDeviceStore devices;
    public final OrganisationRecords organisations;
    public final WorkOrderClosureRecords closures;
    public final RecordingStore recordingStore;
    public final RecordedSessions sessions;
    public final ReportSigningKey key;
    public final RepairReports reports;
    /** The sessions running on this node, by id; a test puts one here to close its order while it runs. */
    public final Map<String, LiveSession> running = new ConcurrentHashMap<>();
    public final WorkOrders workOrders;
    public final Path reportsDir;
    private final SealKeyRing ring;

    public WorkOrderFixture(Path dir, Supplier<Optional<Path>> font) throws Exception {
        Clock clock = Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC);
        requests = new FileRequestStore(dir.resolve("state"));
        grants = new FileGrantStore(dir.resolve("state"), clock);
        devices = new FileDeviceStore(dir.resolve("state"));
        organisations = new OrganisationRecords(RecordCollections.inFolder(dir.resolve("state")));
        closures = new WorkOrderClosureRecords(RecordCollections.inFolder(dir.resolve("state")));
        ring = SealKeyRing.openOrCreate(dir.resolve("pki"), clock);
        recordingStore = new RecordingStore(dir.resolve("recordings"), ring::current, "node-1", DurableFiles.onDisk());
        sessions = new RecordedSessions(new RecordingLibrary(List.of(new FolderArchive(dir.resolve("recordings"), false))), id -> ring.published().stream()
                .filter(k -> k.id().equals(id)).findFirst().map(k -> {
                    try {
                        return Pem.parsePublicKey(k.publicKey(), id);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }));
        key = ReportSigningKey.openOrCreate(dir.resolve("pki"));
        reportsDir = dir.resolve("reports");
        reports = new RepairReports(requests, grants, devices, organisations, closures, sessions, key, reportsDir,
                font, audit, clock, notices::add);
        workOrders = new WorkOrders(requests, grants, liveSessions(), closures, sessions, audit, clock, reports::issue);
        seed(dir.resolve("recordings"));
    }

    private void seed(Path recordings) throws Exception {
        organisations.put(new Organisation("hosp-a", OrgKind.HOSPITAL, "保守 総合病院", "Asia/Tokyo", null, null, List.of()));
        organisations.put(new Organisation("medserve", OrgKind.SERVICE_COMPANY, "メドサーブ株式会社", "Asia/Tokyo",
                "13BS200123", "山本 太郎", List.of()));
        devices.upsert("CT-01", none -> new Device("CT-01", "hosp-a", DeviceStatus.ENROLLED, T0.minusSeconds(86400))
                .reported(new DeviceInventory("0.1.0", "Aquilion ONE", "Linux 6.1", "V10.2", 12L, T0, null)));
        approved("r-a1", "g-a1", "hosp-a", "CT-01", Category.REPAIR, "撮影できない / no images", "WO-777");
        approved("r-b1", "g-b1", "hosp-b", "CT-09", Category.MAINTENANCE, "cleaning", null);
        requests.insert(AccessRequest.pending("r-a2", SATO, "hosp-a", "CT-01", Category.MONITOR, List.of("status"),
                "check", 30, T0));
        record(recordings, "hosp-a", "s-a1", "g-a1", "selftest", List.of("--full"), 60, 0, null);
        record(recordings, "hosp-a", "s-a2", "g-a1", "status", List.of(), 600, null, "tanaka");
        record(recordings, "hosp-a", "s-other", "g-zz", "status", List.of(), 900, 0, null);
    }

    private LiveSessions liveSessions() {
        return new LiveSessions() {
            @Override
            public List<LiveSession> list() {
                return List.copyOf(running.values());
            }

            @Override
            public Optional<LiveSession> find(String sessionId) {
                return Optional.ofNullable(running.get(sessionId));
            }

            @Override
            public boolean kill(String sessionId, String reason, String by) {
                return running.remove(sessionId) != null;
            }
        };
    }

    private void approved(String id, String grantId, String hospital, String device, Category category, String reason,
                          String reference) {
        AccessRequest pending = AccessRequest.pending(id, SATO, hospital, device, category, List.of("selftest", "status"),
                reason, 120, T0, reference, null, false, T0.plusSeconds(3600));
        requests.insert(pending.withApproval(new RequestApproval("tanaka", T0.plusSeconds(10), null))
                .withApproval(new RequestApproval("yamada", T0.plusSeconds(20), null)).approved("yamada", grantId));
        grants.insert(new Grant(grantId, id, "sato", "medserve", hospital, device, category,
                List.of("selftest", "status"), T0.plusSeconds(20), T0.plusSeconds(7220), List.of("tanaka", "yamada"),
                null, null, false, false, false));
    }

    private void record(Path recordings, String hospital, String session, String grant, String tool, List<String> args,
                        long offsetSeconds, Integer exit, String cutBy) throws Exception {
        RecordingChain chain = new RecordingChain(new RecordingHeader(session, grant, List.of("tanaka", "yamada"),
                "sato", "medserve", "CT-01", hospital, "node-1", tool, args, 12L, KeyIds.of(ring.current().getPublic())),
                T0.plusSeconds(offsetSeconds));
        List<String> lines = new ArrayList<>(List.of(chain.headerLine(), chain.exec(tool, args, 0),
                chain.output("checking\n".getBytes(StandardCharsets.UTF_8), 500)));
        if (exit != null) {
            lines.add(chain.exit(exit, 2000));
            lines.add(chain.end("exit", 2001));
        } else {
            lines.add(chain.kill(cutBy, "画像確認のため停止", 1500));
            lines.add(chain.end("killed", 1600));
        }
        lines.add(chain.seal(ring.current().getPrivate(), 2001));
        Files.createDirectories(recordings.resolve(hospital));
        Files.write(recordings.resolve(hospital).resolve(session + ".jsonl"), lines, StandardCharsets.UTF_8);
    }

    public void close() {
        recordingStore.close();
    }
}
