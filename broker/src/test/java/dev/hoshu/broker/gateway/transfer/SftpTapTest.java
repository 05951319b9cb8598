package dev.hoshu.broker.gateway.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hoshu.tools.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tap as the gateway drives it: SFTP v3 packets in arbitrary SSH chunks, reads answered out of order. */
class SftpTapTest {

    private final List<TransferredFile> files = new ArrayList<>();
    private final List<String> refusals = new ArrayList<>();
    private final SftpTap tap = new SftpTap(files::add, refusals::add);

    @Test
    void aDownloadIsHashedInFileOrderWhateverOrderItsChunksPass() throws IOException {
        byte[] content = "E1001 gantry encoder retry\nE1002 tube arc\n".getBytes(StandardCharsets.UTF_8);
        tap.fromEngineer(packet(3, 1, str("/logcollect/logs/error.log"), u32(1), u32(0)));
        tap.fromDevice(packet(102, 1, str("h1")));
        tap.fromEngineer(packet(5, 2, str("h1"), u64(0), u32(10)));
        tap.fromEngineer(packet(5, 3, str("h1"), u64(10), u32(1000)));
        // The second read's answer first, split across two SSH chunks.
        byte[] second = packet(103, 3, bytes(Arrays.copyOfRange(content, 10, content.length)));
        tap.fromDevice(Arrays.copyOfRange(second, 0, 7));
        tap.fromDevice(Arrays.copyOfRange(second, 7, second.length));
        tap.fromDevice(packet(103, 2, bytes(Arrays.copyOfRange(content, 0, 10))));
        tap.fromEngineer(packet(4, 4, str("h1")));
        tap.fromDevice(packet(101, 4, u32(0), str(""), str("")));

        assertEquals(List.of(new TransferredFile("download", "/logcollect/logs/error.log", content.length,
                Sha256.hex(content), "ok")), files);
        assertEquals(List.of(), refusals);
    }

    @Test
    void anUploadRefusedAtCloseCarriesTheDevicesLineAndIsShownToTheEngineer() throws IOException {
        byte[] content = "firmware".getBytes(StandardCharsets.UTF_8);
        String line = "refused: package 'fw.tar' has no signature; upload fw.tar.jws first";
        tap.fromEngineer(packet(3, 7, str("/logcollect/packages/fw.tar"), u32(0x1A), u32(0)));
        tap.fromDevice(packet(102, 7, str("h2")));
        tap.fromEngineer(packet(6, 8, str("h2"), u64(0), bytes(content)));
        tap.fromDevice(packet(101, 8, u32(0), str(""), str("")));
        tap.fromEngineer(packet(4, 9, str("h2")));
        tap.fromDevice(packet(101, 9, u32(3), str(line), str("")));

        assertEquals(List.of(new TransferredFile("upload", "/logcollect/packages/fw.tar", content.length,
                Sha256.hex(content), line)), files);
        assertEquals(List.of(line), refusals);
    }

    @Test
    void aLookAtAPathOutsideTheFoldersIsWrittenOnlyWhenTheDeviceRefusesIt() throws IOException {
        String line = "refused: /etc/passwd is outside the transfer folders of logcollect 1.0.0 (/logcollect/logs)";
        tap.fromEngineer(packet(16, 1, str(".")));
        tap.fromDevice(packet(104, 1, u32(1), str("/"), str("/"), u32(0)));
        tap.fromEngineer(packet(17, 2, str("/logcollect/logs/error.log"), u32(0)));
        tap.fromDevice(packet(105, 2, u32(0)));
        tap.fromEngineer(packet(17, 3, str("/logcollect/logs/none.log"), u32(0)));
        tap.fromDevice(packet(101, 3, u32(2), str("No such file"), str("")));
        tap.fromEngineer(packet(17, 4, str("/logcollect/logs/../../../../etc/passwd"), u32(0)));
        tap.fromDevice(packet(101, 4, u32(3), str(line), str("")));
        tap.fromEngineer(packet(11, 5, str("/etc")));
        tap.fromDevice(packet(101, 5, u32(3), str(line.replace("/etc/passwd", "/etc")), str("")));

        assertEquals(List.of(new TransferredFile("look", "/logcollect/logs/../../../../etc/passwd", 0, null, line),
                new TransferredFile("look", "/etc", 0, null, line.replace("/etc/passwd", "/etc"))), files);
        assertEquals(List.of(line, line.replace("/etc/passwd", "/etc")), refusals);
    }

    @Test
    void aGapLeftAtCloseClaimsNoHash() throws IOException {
        tap.fromEngineer(packet(3, 1, str("/t/logs/a"), u32(1), u32(0)));
        tap.fromDevice(packet(102, 1, str("h")));
        tap.fromEngineer(packet(5, 2, str("h"), u64(100), u32(10)));
        tap.fromDevice(packet(103, 2, bytes(new byte[10])));
        tap.fromEngineer(packet(4, 3, str("h")));
        tap.fromDevice(packet(101, 3, u32(0), str(""), str("")));

        assertEquals(0, files.get(0).size());
        assertNull(files.get(0).sha256(), "bytes 0-99 never passed: no hash is claimed");
    }

    @Test
    void aPacketLongerThanAnySftpClientSendsEndsTheReading() {
        assertThrows(IOException.class, () -> tap.fromEngineer(u32(SftpPacketReader.MAX_PACKET + 1)));
    }

    private static byte[] packet(int type, int id, byte[]... fields) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(type);
        body.writeBytes(u32(id));
        Arrays.stream(fields).forEach(body::writeBytes);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(u32(body.size()));
        all.writeBytes(body.toByteArray());
        return all.toByteArray();
    }

    private static byte[] str(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(byte[] data) {
        return ByteBuffer.allocate(4 + data.length).putInt(data.length).put(data).array();
    }

    private static byte[] u32(int value) {
        return ByteBuffer.allocate(4).putInt(value).array();
    }

    private static byte[] u64(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }
}
