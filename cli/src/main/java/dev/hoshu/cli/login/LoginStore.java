package dev.hoshu.cli.login;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;

import dev.hoshu.cli.http.BrokerAddress;
import dev.hoshu.cli.http.BrokerCallFailed;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code $HOSHU_HOME/session.json}. The file holds a bearer token, so it is created owner-only
 * (0600, in a 0700 directory) and replaced atomically, never rewritten in place.
 */
public final class LoginStore {

    private static final String NOT_LOGGED_IN = "not logged in or token expired: run hoshu login";
    private static final JsonMapper JSON = JsonMapper.shared();

    private final Path home;

    public LoginStore(Path home) {
        this.home = home;
    }

    public Path file() {
        return home.resolve("session.json");
    }

    public void save(StoredLogin login) {
        ObjectNode json = JSON.createObjectNode()
                .put("broker", login.broker().toString())
                .put("token", login.token())
                .put("user", login.user())
                .put("expiresAt", login.expiresAt().toString());
        if (login.ssh() != null) {
            json.put("ssh", login.ssh());
        }
        try {
            OwnerOnlyFiles.createDirectory(home);
            Path temp = OwnerOnlyFiles.createFile(home, "session", ".json.tmp");
            Files.writeString(temp, JSON.writeValueAsString(json), StandardCharsets.UTF_8);
            try {
                Files.move(temp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file(), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new BrokerCallFailed("cannot save login to " + file() + ": " + e.getMessage());
        }
    }

    /** The stored login if its token is still valid; otherwise the user is told to log in. */
    public StoredLogin requireLive(Clock clock) {
        StoredLogin login = load();
        if (login == null || !login.liveAt(clock)) {
            throw new BrokerCallFailed(NOT_LOGGED_IN);
        }
        return login;
    }

    StoredLogin load() {
        if (!Files.isRegularFile(file())) {
            return null;
        }
        try {
            JsonNode json = JSON.readTree(file());
            String ssh = json.path("ssh").asString(null);
            return new StoredLogin(BrokerAddress.parse(json.path("broker").asString("")),
                    required(json, "token"), required(json, "user"),
                    Instant.parse(required(json, "expiresAt")), ssh);
        } catch (JacksonException | java.time.DateTimeException | BrokerCallFailed e) {
            // A damaged file is treated like no login at all: the fix is the same.
            return null;
        }
    }

    private static String required(JsonNode json, String field) {
        String value = json.path(field).asString(null);
        if (value == null || value.isEmpty()) {
            throw new BrokerCallFailed("session.json lacks " + field);
        }
        return value;
    }
}
