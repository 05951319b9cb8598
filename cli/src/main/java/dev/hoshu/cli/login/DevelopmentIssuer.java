package dev.hoshu.cli.login;

import java.net.URI;

/** The broker's quickstart-only issuer at {@code {broker}/dev-issuer}. */
public record DevelopmentIssuer(URI broker) implements IssuerDiscovery {

    @Override
    public URI tokenEndpoint() {
        return URI.create(broker + "/dev-issuer/token");
    }
}
