package dev.hoshu.cli.login;

import java.net.URI;

/**
 * Where the identity provider's token endpoint is. The quickstart's development issuer sits at a
 * fixed place on the broker; a real OIDC provider (and its device-code flow) will be found through
 * its {@code .well-known/openid-configuration} by another implementation.
 */
public interface IssuerDiscovery {

    URI tokenEndpoint();
}
