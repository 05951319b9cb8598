package dev.hoshu.cli;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fake broker on loopback and a {@code hoshu} logged in to it, fresh for each test of a command. */
abstract class LoggedInCliTest {

    @TempDir
    Path home;

    FakeBroker broker;
    Cli cli;

    @BeforeEach
    void startBrokerAndLogIn() throws Exception {
        broker = new FakeBroker();
        cli = new Cli(home).loggedIn(broker.url(), null);
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }
}
