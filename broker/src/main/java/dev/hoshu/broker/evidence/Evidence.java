package dev.hoshu.broker.evidence;

import dev.hoshu.access.AccessRequest;
import dev.hoshu.access.Actor;
import dev.hoshu.access.Grant;
import dev.hoshu.access.Names;
import dev.hoshu.api.service.AccountReview;
import dev.hoshu.api.service.AccountService;
import dev.hoshu.api.service.AccountView;
import dev.hoshu.api.service.EvidenceService;
import dev.hoshu.api.service.RefusedException;
import dev.hoshu.api.service.Timeline;
import dev.hoshu.api.service.TimelineQuery;
import dev.hoshu.audit.AuditEntry;
import dev.hoshu.audit.AuditEvent;
import dev.hoshu.broker.audit.AuditLogDirectory;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.audit.AuditedCall;
import dev.hoshu.broker.state.Device;
import dev.hoshu.broker.state.DeviceInventory;
import dev.hoshu.broker.state.DeviceStore;
import dev.hoshu.broker.state.GrantStore;
import dev.hoshu.broker.state.RequestStore;
import dev.hoshu.broker.workorder.RecordedSession;
import dev.hoshu.broker.workorder.RecordedSessions;
import dev.hoshu.recording.RecordedHeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The evidence exports of the caller's hospital, for its auditors and admins (the account exports for its admins,
 * who review accounts). A timeline joins two independent
 * records: the audit log (who asked, approved, started, cut) and the recordings (what ran, how it exited, where it
 * was cut), each entry saying which it came from, so a reader can check one against the other.
 */
public final class Evidence implements EvidenceService {

    /** The roles that act on the hospital's behalf, in the order the export lists them. */
    static final List<String> PRIVILEGES = List.of("hospital-admin", "approver", "auditor");
    static final Duration LONGEST_RANGE = Duration.ofDays(366);
    /** The acts a timeline is about; reads of the log, recordings and reports are left out. */
    private static final List<String> TIMELINE_ACTIONS = List.of("request.", "grant.", "session.", "tool.", "lock.",
            "device.", "workorder.close", "emergency");

    private final DeviceStore devices;
    private final RequestStore requests;
    private final GrantStore grants;
    private final RecordedSessions sessions;
    private final AuditLogDirectory log;
    private final AuditedCall audit;
    private final AccountService accounts;

    public Evidence(DeviceStore devices, RequestStore requests, GrantStore grants, RecordedSessions sessions,
                    AuditLogDirectory log, AccountService accounts, AuditTrail audit) {
        this.accounts = accounts;
        this.devices = devices;
        this.requests = requests;
        this.grants = grants;
        this.sessions = sessions;
        this.log = log;
        this.audit = new AuditedCall(audit);
    }

    @Override
    public String deviceLedgerCsv(Actor actor) {
        return audit.run("evidence.devices", actor, act -> {
            act.about(actor.organisation(), "device-ledger");
            requireHospitalEvidenceReader(actor, "exporting the device ledger");
            StringBuilder csv = new StringBuilder(Csv.line(List.of("device", "hospital", "status", "model", "os",
                    "firmware", "agent_version", "enrolled_at", "last_seen", "reported_at", "decommissioned_at",
                    "decommissioned_by", "switched_off_on_site")));
            List<Device> own = devices.all().stream().filter(d -> actor.organisation().equals(d.hospital()))
                    .sorted(Comparator.comparing(Device::id)).toList();
            for (Device d : own) {
                DeviceInventory i = d.inventory();
                csv.append(Csv.line(java.util.Arrays.asList(d.id(), d.hospital(), d.status().name(),
                        i == null ? null : i.model(), i == null ? null : i.os(), i == null ? null : i.firmware(),
                        i == null ? null : i.agentVersion(), text(d.enrolledAt()), text(d.lastSeen()),
                        i == null ? null : text(i.reportedAt()),
                        d.decommissioned() == null ? null : text(d.decommissioned().at()),
                        d.decommissioned() == null ? null : d.decommissioned().by(),
                        String.valueOf(d.switchedOffOnSite()))));
            }
            act.detail("devices", String.valueOf(own.size()));
            return csv.toString();
        });
    }

    @Override
    public String accountReviewCsv(Actor actor, int dormantDays) {
        return audit.run("evidence.accounts", actor, act -> {
            act.about(actor.organisation(), "account-review").detail("dormantDays", String.valueOf(dormantDays));
            requireHospitalAdmin(actor, "exporting the account review");
            // The review applies its own scope (the hospital's staff and the engineers who asked for access there).
            AccountReview review = accounts.review(actor, dormantDays);
            StringBuilder csv = new StringBuilder(Csv.line(List.of("subject", "organisation", "name", "roles",
                    "first_seen", "last_api_use", "last_ssh_session", "last_active", "hospitals", "dormant",
                    "disabled")));
            for (AccountView a : review.accounts()) {
                csv.append(Csv.line(java.util.Arrays.asList(a.subject(), a.organisation(), a.displayName(),
                        String.join(" ", a.roles()), text(a.firstSeen()), text(a.lastApiUse()),
                        text(a.lastSshSession()), text(a.lastActive()), String.join(" ", a.hospitals()),
                        String.valueOf(a.dormant()), String.valueOf(!a.disabled().isEmpty()))));
            }
            act.detail("accounts", String.valueOf(review.accounts().size()));
            return csv.toString();
        });
    }

    @Override
    public String privilegesCsv(Actor actor) {
        return audit.run("evidence.privileges", actor, act -> {
            act.about(actor.organisation(), "privileges");
            requireHospitalAdmin(actor, "exporting the administrative privileges");
            AccountReview review = accounts.review(actor, 90);
            StringBuilder csv = new StringBuilder(Csv.line(List.of("privilege", "subject", "name", "last_active",
                    "disabled")));
            int rows = 0;
            for (String privilege : PRIVILEGES) {
                for (AccountView a : review.accounts()) {
                    if (actor.organisation().equals(a.organisation()) && a.roles().contains(privilege)) {
                        csv.append(Csv.line(java.util.Arrays.asList(privilege, a.subject(), a.displayName(),
                                text(a.lastActive()), String.valueOf(!a.disabled().isEmpty()))));
                        rows++;
                    }
                }
            }
            act.detail("rows", String.valueOf(rows));
            return csv.toString();
        });
    }

    private static void requireHospitalAdmin(Actor actor, String what) {
        if (!actor.hasRole("hospital-admin")) {
            throw RefusedException.forbidden("denied: " + what + " needs the hospital-admin role");
        }
    }

    @Override
    public Timeline timeline(Actor actor, TimelineQuery query) {
        return audit.run("evidence.timeline", actor, act -> {
            String subject = query.device() != null ? "device " + Names.printable(query.device())
                    : "engineer " + Names.printable(String.valueOf(query.engineer()));
            act.about(actor.organisation(), subject).detail("from", text(query.from())).detail("to", text(query.to()));
            requireHospitalEvidenceReader(actor, "an incident timeline");
            checked(query);
            String hospital = actor.organisation();
            Predicate<RecordedHeader> ofSubject = query.device() != null
                    ? header -> query.device().equals(header.device())
                    : header -> query.engineer().equals(header.engineer());
            List<RecordedSession> recorded = sessions.matching(hospital, ofSubject.and(
                    header -> !header.started().isBefore(query.from()) && header.started().isBefore(query.to())));
            Set<String> related = relatedIds(hospital, query, recorded);
            List<Timeline.Entry> entries = new ArrayList<>(fromAuditLog(hospital, query, related));
            recorded.forEach(session -> entries.addAll(fromRecording(session, query)));
            entries.sort(Comparator.comparing(Timeline.Entry::at).thenComparing(Timeline.Entry::source));
            act.detail("entries", String.valueOf(entries.size()));
            return new Timeline(hospital, subject, query.from(), query.to(), entries);
        });
    }

    private static void requireHospitalEvidenceReader(Actor actor, String what) {
        if (!actor.hasRole("auditor") && !actor.hasRole("hospital-admin")) {
            throw RefusedException.forbidden("denied: " + what + " needs the auditor or hospital-admin role");
        }
    }

    private static void checked(TimelineQuery query) {
        if ((query.device() == null) == (query.engineer() == null)) {
            throw RefusedException.badRequest("refused: a timeline is of one device or one engineer: give device or "
                    + "engineer, not both");
        }
        if (query.device() != null && !Names.isDeviceId(query.device())) {
            throw RefusedException.badRequest("refused: " + Names.quoted(query.device()) + " is not a device id");
        }
        if (query.engineer() != null && !Names.isSubject(query.engineer())) {
            throw RefusedException.badRequest("refused: " + Names.quoted(query.engineer()) + " is not a user id");
        }
        if (query.from() == null || query.to() == null || !query.from().isBefore(query.to())) {
            throw RefusedException.badRequest("refused: a timeline needs from before to");
        }
        if (Duration.between(query.from(), query.to()).compareTo(LONGEST_RANGE) > 0) {
            throw RefusedException.badRequest("refused: a timeline covers at most 366 days");
        }
    }

    /** The requests, grants and sessions of the subject at this hospital: audit events name them as targets. */
    private Set<String> relatedIds(String hospital, TimelineQuery query, List<RecordedSession> recorded) {
        Set<String> ids = new HashSet<>();
        for (AccessRequest request : requests.all()) {
            if (hospital.equals(request.hospital()) && (request.device().equals(query.device())
                    || request.engineer().equals(query.engineer()))) {
                ids.add(request.id());
            }
        }
        for (Grant grant : grants.all()) {
            if (hospital.equals(grant.hospital()) && (grant.device().equals(query.device())
                    || grant.engineer().equals(query.engineer()))) {
                ids.add(grant.id());
            }
        }
        recorded.forEach(session -> ids.add(session.session()));
        return ids;
    }

    private List<Timeline.Entry> fromAuditLog(String hospital, TimelineQuery query, Set<String> related) {
        try (Stream<AuditEntry> entries = log.entries(query.from(), query.to())) {
            return entries.filter(entry -> hospital.equals(entry.event().hospital()))
                    .filter(entry -> !entry.at().isBefore(query.from()) && entry.at().isBefore(query.to()))
                    .filter(entry -> isTimelineAction(entry.event().action()))
                    .filter(entry -> concerns(entry.event(), query, related))
                    .map(entry -> new Timeline.Entry(entry.at(), "audit", entry.event().action(), entry.event().actor(),
                            entry.event().target(), entry.event().outcome().name().toLowerCase(java.util.Locale.ROOT),
                            entry.event().action().startsWith("session.") ? entry.event().target() : null,
                            withReason(entry.event())))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit log: " + e.getMessage(), e);
        }
    }

    private static boolean isTimelineAction(String action) {
        return action != null && TIMELINE_ACTIONS.stream().anyMatch(action::startsWith);
    }

    private static boolean concerns(AuditEvent event, TimelineQuery query, Set<String> related) {
        if (related.contains(event.target())) {
            return true;
        }
        if (query.device() != null) {
            return query.device().equals(event.target()) || query.device().equals(event.details().get("device"));
        }
        return query.engineer().equals(event.actor()) || query.engineer().equals(event.details().get("engineer"));
    }

    private static Map<String, String> withReason(AuditEvent event) {
        Map<String, String> details = new LinkedHashMap<>(event.details());
        if (event.reason() != null) {
            details.put("reason", event.reason());
        }
        return details;
    }

    private static List<Timeline.Entry> fromRecording(RecordedSession s, TimelineQuery query) {
        List<Timeline.Entry> entries = new ArrayList<>();
        Map<String, String> started = new LinkedHashMap<>();
        started.put("device", s.device());
        started.put("grant", s.grant());
        started.put("command", s.args().isEmpty() ? s.tool() : s.tool() + " " + String.join(" ", s.args()));
        started.put("verification", s.verification().message());
        entries.add(new Timeline.Entry(s.started(), "recording", "session.recorded", s.engineer(), s.session(), null,
                s.session(), started));
        if (s.cutAt() != null && s.cutAt().isBefore(query.to())) {
            entries.add(new Timeline.Entry(s.cutAt(), "recording", "session.cut", s.cutBy(), s.session(), null,
                    s.session(), s.cutReason() == null ? Map.of() : Map.of("reason", s.cutReason())));
        }
        if (s.exit() != null && s.ended().isBefore(query.to())) {
            entries.add(new Timeline.Entry(s.ended(), "recording", "session.exit", s.engineer(), s.session(), null,
                    s.session(), Map.of("status", String.valueOf(s.exit()))));
        }
        return entries;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
