package dev.hoshu.agent.inventory;

import dev.hoshu.tunnel.pki.PemFiles;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** {@code inventory.properties} in the agent's data directory: written at enrollment, read at every start. */
public record InventoryFile(Path file) {

    private static final int MAX_SIZE = 4 * 1024;

    public static InventoryFile in(Path dataDir) {
        return new InventoryFile(dataDir.resolve("inventory.properties"));
    }

    public void save(Inventory inventory) throws IOException {
        Properties properties = new Properties();
        put(properties, "model", inventory.model());
        put(properties, "os", inventory.os());
        put(properties, "firmware", inventory.firmware());
        StringWriter text = new StringWriter();
        properties.store(text, "the device as reported to the broker on every tunnel up");
        PemFiles.writeAtomically(file, text.toString(), false);
    }

    /**
     * The saved inventory; an absent file is an empty one (a device enrolled before inventories existed).
     *
     * @throws IOException one line naming the file, if it is oversized or holds an unusable value
     */
    public Inventory load() throws IOException {
        if (!Files.exists(file)) {
            return new Inventory(null, null, null);
        }
        if (Files.size(file) > MAX_SIZE) {
            throw new IOException(file + " is larger than " + MAX_SIZE + " bytes");
        }
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        try {
            return new Inventory(properties.getProperty("model"), properties.getProperty("os"),
                    properties.getProperty("firmware"));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage());
        }
    }

    private static void put(Properties properties, String key, String value) {
        if (value != null) {
            properties.setProperty(key, value);
        }
    }
}
