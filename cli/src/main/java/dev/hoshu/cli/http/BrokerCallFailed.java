package dev.hoshu.cli.http;

import dev.hoshu.cli.TerminalText;

/**
 * A refusal or failure the user sees as one line on stderr, with exit status 1. Its message is
 * already terminal-safe, so handlers print it as is and never a stack trace.
 */
public final class BrokerCallFailed extends RuntimeException {

    public BrokerCallFailed(String message) {
        super(TerminalText.oneLine(message), null, false, false);
    }
}
