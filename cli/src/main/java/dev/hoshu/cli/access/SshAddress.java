package dev.hoshu.cli.access;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.hoshu.cli.http.BrokerCallFailed;

/** The broker's SSH gateway, {@code host:port}; host names are checked so they cannot read as ssh options. */
public record SshAddress(String host, int port) {

    public static final int DEFAULT_PORT = 2222;
    private static final Pattern FORM = Pattern.compile("(?:\\[([0-9A-Fa-f:.]+)]|([A-Za-z0-9][A-Za-z0-9.-]*)):(\\d{1,5})");

    public SshAddress {
        if (port < 1 || port > 65535) {
            throw new BrokerCallFailed("refused: SSH port " + port + " is out of range");
        }
    }

    /** Parses {@code host:port} or {@code [v6]:port}. */
    public static SshAddress parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new BrokerCallFailed("refused: SSH address '" + text + "' is not HOST:PORT");
        }
        return new SshAddress(m.group(1) != null ? m.group(1) : m.group(2), Integer.parseInt(m.group(3)));
    }

    /** The gateway on the broker's own host, where the quickstart puts it. */
    public static SshAddress besideBroker(URI broker) {
        String host = broker.getHost();
        return new SshAddress(host.startsWith("[") ? host.substring(1, host.length() - 1) : host, DEFAULT_PORT);
    }
}
