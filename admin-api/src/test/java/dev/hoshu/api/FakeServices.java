package dev.hoshu.api;

import dev.hoshu.access.AccessRequest;
import dev.hoshu.access.Actor;
import dev.hoshu.api.service.NewTool;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.api.service.ToolCatalogService;
import dev.hoshu.tools.CatalogEntry;
import dev.hoshu.access.Category;
import dev.hoshu.access.Grant;
import dev.hoshu.api.service.AccessService;
import dev.hoshu.api.service.Approval;
import dev.hoshu.api.service.DeviceService;
import dev.hoshu.api.service.DeviceView;
import dev.hoshu.api.service.EnrollmentService;
import dev.hoshu.api.service.GrantService;
import dev.hoshu.api.service.GrantView;
import dev.hoshu.api.service.NewEmergency;
import dev.hoshu.api.service.OrganisationService;
import dev.hoshu.api.service.PolicyService;
import dev.hoshu.api.service.PolicyView;
import dev.hoshu.org.MaintenanceContract;
import dev.hoshu.org.Organisation;
import dev.hoshu.org.ToolContract;
import dev.hoshu.api.service.IssuedCertificate;
import dev.hoshu.api.service.IssuedJoinToken;
import dev.hoshu.api.service.KillResult;
import dev.hoshu.api.service.LockService;
import dev.hoshu.api.service.LockTarget;
import dev.hoshu.api.service.LockView;
import dev.hoshu.api.service.NewLock;
import dev.hoshu.api.service.NewRequest;
import dev.hoshu.api.service.RecordingContent;
import dev.hoshu.api.service.RecordingQuery;
import dev.hoshu.api.service.RecordingService;
import dev.hoshu.api.service.RecordingSummary;
import dev.hoshu.api.service.RecordingUse;
import dev.hoshu.api.service.SealKey;
import dev.hoshu.api.service.SessionService;
import dev.hoshu.api.service.SessionView;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/** Answers every service call with fixed values, remembers who called, and can be told to fail next. */
@Component
public class FakeServices implements AccessService, SessionService, EnrollmentService, RecordingService, DeviceService,
        LockService, GrantService, OrganisationService, PolicyService, ToolCatalogService {

    static final Instant T0 = Instant.parse("2026-11-21T01:00:00Z");

    final AtomicReference<Actor> lastActor = new AtomicReference<>();
    final AtomicReference<Object> lastArgument = new AtomicReference<>();
    final AtomicReference<Supplier<RuntimeException>> failNext = new AtomicReference<>();
    /** The last lock asked for, kept past the calls a page makes after it. */
    final AtomicReference<NewLock> lastLock = new AtomicReference<>();
    volatile Path recordingFile;

    void reset() {
        lastActor.set(null);
        lastArgument.set(null);
        failNext.set(null);
    }

    private void called(Actor actor, Object argument) {
        lastActor.set(actor);
        lastArgument.set(argument);
        Supplier<RuntimeException> failure = failNext.getAndSet(null);
        if (failure != null) {
            throw failure.get();
        }
    }

    static AccessRequest request(String id) {
        return AccessRequest.pending(id, new Actor("sato", "medserve", java.util.Set.of("engineer"), "佐藤 健"),
                "hosp-a", "CT-01", Category.MONITOR, List.of("status"), "check", 30, T0);
    }

    @Override
    public AccessRequest createRequest(Actor engineer, NewRequest request) {
        called(engineer, request);
        return request("r-abcdefghij");
    }

    @Override
    public List<AccessRequest> requests(Actor actor) {
        called(actor, null);
        return List.of(request("r-abcdefghij"));
    }

    @Override
    public Approval approve(Actor approver, String requestId, Instant start) {
        called(approver, requestId);
        Grant grant = new Grant("g-abcdefghij", requestId, "sato", "medserve", "hosp-a", "CT-01", Category.MONITOR,
                List.of("status"), T0, T0.plusSeconds(1800), List.of(approver.subject()), null, null, false, false,
                false);
        return new Approval(request(requestId).approved(approver.subject(), grant.id()), grant);
    }

    @Override
    public AccessRequest deny(Actor approver, String requestId, String reason) {
        called(approver, reason);
        return request(requestId).denied(approver.subject(), reason);
    }

    @Override
    public IssuedCertificate issueCertificate(Actor engineer, String grantId, String sshPublicKeyLine) {
        called(engineer, sshPublicKeyLine);
        return new IssuedCertificate("ecdsa-sha2-nistp256-cert-v01@openssh.com AAAA", T0.plusSeconds(1800));
    }

    @Override
    public List<SessionView> sessions(Actor actor) {
        called(actor, null);
        return List.of(session("s-1", "live", null));
    }

    @Override
    public SessionView session(Actor actor, String sessionId) {
        called(actor, sessionId);
        return session(sessionId, "killed", T0.plusSeconds(60));
    }

    private static SessionView session(String id, String state, Instant killedAt) {
        return new SessionView(id, "g-abcdefghij", "sato", "medserve", "hosp-a", "CT-01", "status", T0, state,
                killedAt, killedAt == null ? null : "tanaka", killedAt == null ? null : killedAt.plusMillis(40),
                killedAt == null ? null : 2, killedAt == null ? List.of("suzuki") : List.of());
    }

    /** A live view of two lines, then the end of the session. */
    @Override
    public java.util.concurrent.Flow.Publisher<String> watch(Actor actor, String sessionId) {
        called(actor, sessionId);
        return reactor.adapter.JdkFlowAdapter.publisherToFlowPublisher(reactor.core.publisher.Flux.just(
                "{\"k\":\"live\",\"session\":\"" + sessionId + "\",\"observers\":[\"" + actor.subject() + "\"]}",
                "{\"i\":7,\"t\":120,\"k\":\"o\",\"d\":\"tube temp 41C\\n\"}"));
    }

    @Override
    public LockView lock(Actor actor, NewLock lock) {
        called(actor, lock);
        lastLock.set(lock);
        return lockView(lock.target(), lock.reason(), List.of("s-1"));
    }

    @Override
    public List<LockView> locks(Actor actor) {
        called(actor, null);
        return List.of(lockView(new LockTarget("device", "CT-01"), "scanner needed", List.of()));
    }

    @Override
    public LockView unlock(Actor actor, String lockId, String reason) {
        called(actor, reason);
        return lockView(new LockTarget("device", "CT-01"), "scanner needed", List.of());
    }

    private static LockView lockView(LockTarget target, String reason, List<String> ended) {
        return new LockView("l-abcdefghij", target, "hosp-a", reason, "tanaka", T0, null, null, null, null, ended,
                List.of());
    }

    @Override
    public KillResult kill(Actor actor, String sessionId, String reason) {
        called(actor, reason);
        return new KillResult(sessionId, true);
    }

    @Override
    public IssuedJoinToken createJoinToken(Actor hospitalAdmin, String deviceId) {
        called(hospitalAdmin, deviceId);
        return new IssuedJoinToken("hjt1.t.s.p", T0.plusSeconds(3600));
    }

    static final DeviceView CT_01 = new DeviceView("CT-01", "hosp-a", "ENROLLED", true, T0, "0.1.0", "Aquilion",
            "Linux 6.1", "V10.2", 12L, false, T0.plusSeconds(86400), T0, null, null);

    @Override
    public List<DeviceView> devices(Actor actor) {
        called(actor, null);
        return List.of(CT_01);
    }

    @Override
    public DeviceView decommission(Actor actor, String deviceId, String reason) {
        called(actor, reason);
        return CT_01;
    }

    @Override
    public RecordingContent recording(Actor auditor, String sessionId, RecordingUse use) {
        called(auditor, use);
        Path file = recordingFile;
        return new RecordingContent() {
            @Override
            public String session() {
                return sessionId;
            }

            @Override
            public long size() {
                try {
                    return java.nio.file.Files.size(file);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public java.io.InputStream open() throws java.io.IOException {
                return java.nio.file.Files.newInputStream(file);
            }
        };
    }

    @Override
    public List<RecordingSummary> search(Actor actor, RecordingQuery query) {
        called(actor, query);
        return List.of(new RecordingSummary("s-1", "hosp-a", "CT-01", "sato", "medserve", "status", List.of("--fail"),
                T0, T0.plusSeconds(2), 3, true, 1234));
    }

    @Override
    public List<SealKey> sealKeys() {
        return List.of(new SealKey("sha256:abc", "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n",
                T0, null));
    }

    @Override
    public List<SealKey> rotateSealKey(Actor actor, String reason) {
        called(actor, reason);
        return sealKeys();
    }

    @Override
    public List<GrantView> grants(Actor actor, boolean unreviewedEmergenciesOnly) {
        called(actor, unreviewedEmergenciesOnly);
        return List.of();
    }

    @Override
    public GrantView revoke(Actor actor, String grantId, String reason) {
        called(actor, reason);
        return null;
    }

    @Override
    public GrantView review(Actor actor, String grantId, String note) {
        called(actor, note);
        return null;
    }

    @Override
    public GrantView openEmergency(Actor engineer, NewEmergency emergency) {
        called(engineer, emergency);
        return null;
    }

    @Override
    public List<Organisation> organisations(Actor actor) {
        called(actor, null);
        return List.of();
    }

    @Override
    public Organisation register(Actor operator, Organisation organisation) {
        called(operator, organisation);
        return organisation;
    }

    @Override
    public List<MaintenanceContract> maintenanceContracts(Actor actor) {
        called(actor, null);
        return List.of();
    }

    @Override
    public MaintenanceContract addMaintenanceContract(Actor hospitalAdmin, MaintenanceContract contract) {
        called(hospitalAdmin, contract);
        return contract;
    }

    @Override
    public List<ToolContract> toolContracts(Actor actor) {
        called(actor, null);
        return List.of();
    }

    @Override
    public ToolContract addToolContract(Actor operator, ToolContract contract) {
        called(operator, contract);
        return contract;
    }

    @Override
    public PolicyView show(Actor actor, String hospital) {
        called(actor, hospital);
        return new PolicyView(hospital, 0, null, null, null, List.of());
    }

    @Override
    public PolicyView apply(Actor hospitalAdmin, String yaml) {
        called(hospitalAdmin, yaml);
        return new PolicyView(hospitalAdmin.organisation(), 1, yaml, hospitalAdmin.subject(), T0, List.of());
    }

    @Override
    public CatalogEntry publish(Actor actor, NewTool tool) {
        called(actor, tool);
        throw RefusedException.badRequest("refused: not in this fake");
    }

    @Override
    public List<CatalogEntry> catalog(Actor actor) {
        called(actor, null);
        return List.of();
    }

    @Override
    public CatalogEntry revoke(Actor actor, String name, String version, String reason) {
        called(actor, name + "@" + version + ": " + reason);
        throw RefusedException.notFound("refused: no published tool");
    }

    @Override
    public List<String> trust(Actor actor, String keyId) {
        called(actor, keyId);
        return List.of(keyId);
    }

    @Override
    public List<String> untrust(Actor actor, String keyId) {
        called(actor, keyId);
        return List.of();
    }

    @Override
    public java.util.Optional<List<String>> trusted(Actor actor) {
        called(actor, null);
        return java.util.Optional.empty();
    }
}
