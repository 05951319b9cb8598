package dev.hoshu.api.service;

import dev.hoshu.access.Actor;

/**
 * Evidence for the hospital's own records and for reporting to authorities, always of the caller's hospital only:
 * the device ledger, the account review and the holders of administrative privileges as CSV, and an incident timeline for one device or engineer. Each export is audited.
 */
public interface EvidenceService {

    /** The device ledger as CSV (UTF-8, header line first). */
    String deviceLedgerCsv(Actor actor);

    /** The account review (REQ-ACC-7) of the caller's hospital as CSV: who holds which role, who is dormant. */
    String accountReviewCsv(Actor actor, int dormantDays);

    /** The hospital's administrative privileges (admin, approver, auditor) and who holds them, as CSV. */
    String privilegesCsv(Actor actor);

    /** Sessions, commands, exit statuses, cuts and approvals for one device or one engineer in a time range. */
    Timeline timeline(Actor actor, TimelineQuery query);
}
