package dev.hoshu.access;

import java.time.Instant;
import java.util.List;

/**
 * A hospital's approval turned into time-boxed access: one engineer, one device, the listed tools,
 * from {@code notBefore} until {@code notAfter}. The OpenSSH certificate issued for it carries the
 * grant id as key id and the device id as principal, and expires with it.
 *
 * @param revokedAt when the grant was revoked (by a kill or a lock), or {@code null}
 */
public record Grant(String id, String requestId, String engineer, String company, String hospital,
                    String device, Category category, List<String> tools, Instant notBefore, Instant notAfter,
                    List<String> approvers, Instant revokedAt, String revokedReason) {

    public Grant {
        tools = List.copyOf(tools);
        approvers = List.copyOf(approvers);
    }
}
