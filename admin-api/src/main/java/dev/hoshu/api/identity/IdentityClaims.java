package dev.hoshu.api.identity;

import dev.hoshu.access.MultiFactor;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which token claims carry the organisation, roles and display name ({@code hoshu.identity.*}), because
 * identity providers differ: Keycloak keeps roles in {@code realm_access.roles}, so a dotted path is allowed.
 * {@code user-claim} names the user in requests, approvals, grants and the audit log ({@code sub} by default; with
 * Keycloak {@code preferred_username}, since its {@code sub} is an opaque id nobody recognises in an audit trail).
 * {@code mfa-amr} and {@code mfa-acr} say which {@code amr} methods or {@code acr} values count as a multi-factor
 * login (REQ-ACC-5); approving and fetching grant certificates need one.
 */
@ConfigurationProperties("hoshu.identity")
public record IdentityClaims(String orgClaim, String rolesClaim, String nameClaim, String userClaim,
                             List<String> mfaAmr, List<String> mfaAcr) {

    public IdentityClaims {
        orgClaim = orgClaim == null || orgClaim.isBlank() ? "org" : orgClaim;
        rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? "roles" : rolesClaim;
        nameClaim = nameClaim == null || nameClaim.isBlank() ? "name" : nameClaim;
        userClaim = userClaim == null || userClaim.isBlank() ? "sub" : userClaim;
        mfaAmr = mfaAmr == null || mfaAmr.isEmpty() ? MultiFactor.DEFAULT_AMR : List.copyOf(mfaAmr);
        mfaAcr = mfaAcr == null ? List.of() : List.copyOf(mfaAcr);
    }

    public static IdentityClaims defaults() {
        return new IdentityClaims(null, null, null, null, null, null);
    }

    public MultiFactor multiFactor() {
        return new MultiFactor(mfaAmr, mfaAcr);
    }
}
