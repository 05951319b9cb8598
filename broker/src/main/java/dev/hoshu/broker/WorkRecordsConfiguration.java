package dev.hoshu.broker;

import dev.hoshu.api.EvidenceController;
import dev.hoshu.api.ResponsibilitiesController;
import dev.hoshu.api.WorkOrdersController;
import dev.hoshu.api.service.AccountService;
import dev.hoshu.broker.audit.AuditLogDirectory;
import dev.hoshu.broker.audit.AuditTrail;
import dev.hoshu.broker.evidence.Evidence;
import dev.hoshu.broker.killswitch.LiveSessions;
import dev.hoshu.broker.notify.WebhookOutbox;
import dev.hoshu.broker.pki.BrokerPki;
import dev.hoshu.broker.recording.archive.RecordingLibrary;
import dev.hoshu.broker.report.JapaneseFont;
import dev.hoshu.broker.report.RepairReports;
import dev.hoshu.broker.report.ReportSigningKey;
import dev.hoshu.broker.responsibility.HospitalRoles;
import dev.hoshu.broker.state.DeviceStore;
import dev.hoshu.broker.state.GrantStore;
import dev.hoshu.broker.state.OrganisationStore;
import dev.hoshu.broker.state.RecordCollections;
import dev.hoshu.broker.state.RequestStore;
import dev.hoshu.broker.state.ResponsibilityRecords;
import dev.hoshu.broker.state.WorkOrderClosureRecords;
import dev.hoshu.broker.state.WorkOrderClosureStore;
import dev.hoshu.broker.workorder.RecordedSessions;
import dev.hoshu.broker.workorder.WorkOrders;
import dev.hoshu.tools.Pem;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Work records (REQ-WORK-1, -2, -3) and evidence exports: who does what per hospital, work orders and their closures, the signed repair reports
 * ({@code pki/report-signing.key}, {@code reports/}), the device ledger CSV and incident timelines, with their API.
 */
@Configuration(proxyBeanMethods = false)
@Import({WorkOrdersController.class, EvidenceController.class, ResponsibilitiesController.class})
public class WorkRecordsConfiguration {

    /** Reports and timelines read the sessions back from the recordings, verified with every published seal key. */
    @Bean
    RecordedSessions recordedSessions(RecordingLibrary recordings, BrokerPki pki) {
        return new RecordedSessions(recordings, keyId -> pki.sealKeys().published().stream()
                .filter(key -> key.id().equals(keyId)).findFirst().flatMap(key -> {
                    try {
                        return Optional.of(Pem.parsePublicKey(key.publicKey(), key.id()));
                    } catch (IOException e) {
                        return Optional.empty();
                    }
                }));
    }

    @Bean
    WorkOrderClosureStore workOrderClosureStore(RecordCollections collections) {
        return new WorkOrderClosureRecords(collections);
    }

    @Bean
    RepairReports reportService(RequestStore requests, GrantStore grants, DeviceStore devices,
                                OrganisationStore organisations, WorkOrderClosureStore closures,
                                RecordedSessions sessions, HoshuProperties hoshu, AuditTrail audit, Clock clock,
                                WebhookOutbox webhooks) throws IOException {
        return new RepairReports(requests, grants, devices, organisations, closures, sessions,
                ReportSigningKey.openOrCreate(hoshu.dataDir().resolve("pki")), hoshu.dataDir().resolve("reports"),
                JapaneseFont::find, audit, clock, webhooks);
    }

    @Bean
    WorkOrders workOrderService(RequestStore requests, GrantStore grants, LiveSessions live,
                                WorkOrderClosureStore closures, RecordedSessions sessions, RepairReports reports,
                                AuditTrail audit, Clock clock) {
        return new WorkOrders(requests, grants, live, closures, sessions, audit, clock, reports::issue);
    }

    @Bean
    Evidence evidenceService(DeviceStore devices, RequestStore requests, GrantStore grants, RecordedSessions sessions,
                             AuditLogDirectory directory, AccountService accounts, AuditTrail audit) {
        return new Evidence(devices, requests, grants, sessions, directory, accounts, audit);
    }

    @Bean
    HospitalRoles responsibilityService(RecordCollections collections, AuditTrail audit, Clock clock) {
        return new HospitalRoles(new ResponsibilityRecords(collections), audit, clock);
    }
}
