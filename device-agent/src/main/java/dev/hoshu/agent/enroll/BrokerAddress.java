package dev.hoshu.agent.enroll;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where the broker's tunnel port is: {@code host:port}, IPv6 hosts in brackets. */
public record BrokerAddress(String host, int port) {

    private static final Pattern FORM = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]{1,253}):(\\d{1,5})");

    public BrokerAddress {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("broker port must be 1-65535, not " + port);
        }
    }

    /** @throws IllegalArgumentException one line */
    public static BrokerAddress parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("broker must be HOST:PORT, not '" + text + "'");
        }
        String host = m.group(1).startsWith("[") ? m.group(1).substring(1, m.group(1).length() - 1) : m.group(1);
        return new BrokerAddress(host, Integer.parseInt(m.group(2)));
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
