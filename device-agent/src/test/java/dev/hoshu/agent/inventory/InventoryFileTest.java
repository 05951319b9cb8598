package dev.hoshu.agent.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryFileTest {

    @TempDir
    Path data;

    @Test
    void whatEnrollmentSavedIsWhatRunReads() throws IOException {
        InventoryFile file = InventoryFile.in(data);
        file.save(new Inventory(" Aquilion ONE ", "Linux 6.1 (vendor)", "V10.2"));

        assertEquals(new Inventory("Aquilion ONE", "Linux 6.1 (vendor)", "V10.2"), file.load());
    }

    @Test
    void aDeviceEnrolledWithoutInventoryReportsTheRunningOsAndUnknowns() throws IOException {
        Inventory reported = InventoryFile.in(data).load().withDefaults();

        assertEquals("unknown", reported.model());
        assertEquals("unknown", reported.firmware());
        assertTrue(reported.os().startsWith(System.getProperty("os.name")));
    }

    @Test
    void controlCharactersAndOversizedValuesAreRefused() throws IOException {
        IllegalArgumentException multiline = assertThrows(IllegalArgumentException.class,
                () -> new Inventory("CT\nmodel: forged", null, null));
        assertEquals("model must be one printable line of at most 128 characters", multiline.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Inventory(null, null, "9".repeat(129)));

        Files.writeString(data.resolve("inventory.properties"), "firmware=\\u001b[2J\n");
        IOException damaged = assertThrows(IOException.class, () -> InventoryFile.in(data).load());
        assertTrue(damaged.getMessage().endsWith("firmware must be one printable line of at most 128 characters"));
    }
}
