package dev.hoshu.api.identity;

import dev.hoshu.access.MultiFactor;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which token claims carry the organisation, roles and display name ({@code hoshu.identity.*}), because
 * identity providers differ: Keycloak keeps roles in {@code realm_access.roles}, so a dotted path is allowed.
 * {@code mfa-amr} and {@code mfa-acr} say which {@code amr} methods or {@code acr} values count as a multi-factor
 * login (REQ-ACC-5); approving and fetching grant certificates need one.
 */
@ConfigurationProperties("hoshu.identity")
public record IdentityClaims(String orgClaim, String rolesClaim, String nameClaim, List<String> mfaAmr,
                             List<String> mfaAcr) {

    public IdentityClaims {
        orgClaim = orgClaim == null || orgClaim.isBlank() ? "org" : orgClaim;
        rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? "roles" : rolesClaim;
        nameClaim = nameClaim == null || nameClaim.isBlank() ? "name" : nameClaim;
        mfaAmr = mfaAmr == null || mfaAmr.isEmpty() ? MultiFactor.DEFAULT_AMR : List.copyOf(mfaAmr);
        mfaAcr = mfaAcr == null ? List.of() : List.copyOf(mfaAcr);
    }

    public static IdentityClaims defaults() {
        return new IdentityClaims(null, null, null, null, null);
    }

    public MultiFactor multiFactor() {
        return new MultiFactor(mfaAmr, mfaAcr);
    }
}
