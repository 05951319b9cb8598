package dev.hoshu.cli.recordings;

import dev.hoshu.tools.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import tools.jackson.databind.json.JsonMapper;

/**
 * What is handed to an authority: the recording as the broker keeps it, the verification report, the public key
 * that checks the seal, the asciicast export, and a {@code manifest.json} with each file's SHA-256 so the bundle's
 * own integrity can be checked without Hoshu.
 */
final class EvidenceBundle {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, byte[]> files = new LinkedHashMap<>();

    EvidenceBundle add(String name, byte[] content) {
        files.put(name, content);
        return this;
    }

    /** The zip: the files in the order added, then the manifest. */
    byte[] zip(String session, String verification, Instant created) throws IOException {
        List<Map<String, Object>> listed = new ArrayList<>();
        files.forEach((name, content) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", name);
            entry.put("sha256", HexFormat.of().formatHex(Sha256.digest(content)));
            entry.put("bytes", content.length);
            listed.add(entry);
        });
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("session", session);
        manifest.put("created", created.toString());
        manifest.put("verification", verification);
        manifest.put("files", listed);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                entry(out, file.getKey(), file.getValue(), created);
            }
            entry(out, "manifest.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest), created);
        }
        return zip.toByteArray();
    }

    private static void entry(ZipOutputStream out, String name, byte[] content, Instant created) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTime(created.toEpochMilli());
        out.putNextEntry(entry);
        out.write(content);
        out.closeEntry();
    }
}
