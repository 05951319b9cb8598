package dev.hoshu.api.service;

import dev.hoshu.access.Actor;

/**
 * Signed repair reports of closed work orders (REQ-WORK-2), for the hospital's staff and the order's engineer.
 * Each download, allowed or refused, is audited.
 */
public interface ReportService {

    /** The report file, or its detached signature; another hospital's order answers as not found. */
    ReportFile report(Actor actor, String workOrderId, ReportFormat format);

    /** The key that signs reports, to verify them offline. */
    ReportKey signingKey();
}
