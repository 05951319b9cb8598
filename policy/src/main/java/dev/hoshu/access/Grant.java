package dev.hoshu.access;

import java.time.Instant;
import java.util.List;

/**
 * A hospital's approval turned into time-boxed access: one engineer, one device, the listed tools,
 * from {@code notBefore} until {@code notAfter}. The OpenSSH certificate issued for it carries the
 * grant id as key id and the device id as principal, and expires with it.
 *
 * @param revokedAt        when the grant was revoked (by a kill or a lock), or {@code null}
 * @param patientData      the hospital approved access to patient data (DICOM store, worklists) for this grant
 * @param observerRequired the hospital's policy wants one of its observers watching before the session runs
 * @param emergency        opened without prior approval under the hospital's emergency rules; reviewed afterwards
 */
public record Grant(String id, String requestId, String engineer, String company, String hospital,
                    String device, Category category, List<String> tools, Instant notBefore, Instant notAfter,
                    List<String> approvers, Instant revokedAt, String revokedReason, boolean patientData,
                    boolean observerRequired, boolean emergency) {

    public Grant {
        tools = List.copyOf(tools);
        approvers = List.copyOf(approvers);
    }

    /** This grant, revoked at {@code at} for {@code reason}. */
    public Grant revoked(Instant at, String reason) {
        return new Grant(id, requestId, engineer, company, hospital, device, category, tools, notBefore, notAfter,
                approvers, at, reason, patientData, observerRequired, emergency);
    }
}
