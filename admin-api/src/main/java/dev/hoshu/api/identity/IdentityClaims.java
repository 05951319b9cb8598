package dev.hoshu.api.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Which token claims carry the organisation, roles and display name ({@code hoshu.identity.*}), because
 * identity providers differ: Keycloak keeps roles in {@code realm_access.roles}, so a dotted path is allowed.
 */
@ConfigurationProperties("hoshu.identity")
public record IdentityClaims(String orgClaim, String rolesClaim, String nameClaim) {

    public IdentityClaims {
        orgClaim = orgClaim == null || orgClaim.isBlank() ? "org" : orgClaim;
        rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? "roles" : rolesClaim;
        nameClaim = nameClaim == null || nameClaim.isBlank() ? "name" : nameClaim;
    }

    public static IdentityClaims defaults() {
        return new IdentityClaims(null, null, null);
    }
}
