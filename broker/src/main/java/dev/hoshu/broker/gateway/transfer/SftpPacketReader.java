package dev.hoshu.broker.gateway.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Cuts one direction of an SFTP stream into packets ({@code uint32 length, byte type, …}), whatever the SSH
 * chunks it arrives in. A packet longer than {@link #MAX_PACKET} is not SFTP as any client speaks it; reading
 * stops there and the session is ended by the caller, since its files could no longer be vouched for.
 */
final class SftpPacketReader {

    static final int MAX_PACKET = 4 * 1024 * 1024;

    private final Consumer<ByteBuffer> packets;
    private byte[] pending = new byte[0];

    SftpPacketReader(Consumer<ByteBuffer> packets) {
        this.packets = packets;
    }

    /** @throws IOException with one line when the stream is not SFTP */
    void accept(byte[] chunk) throws IOException {
        byte[] all = new byte[pending.length + chunk.length];
        System.arraycopy(pending, 0, all, 0, pending.length);
        System.arraycopy(chunk, 0, all, pending.length, chunk.length);
        int at = 0;
        while (all.length - at >= 4) {
            long length = ByteBuffer.wrap(all, at, 4).getInt() & 0xFFFFFFFFL;
            if (length < 1 || length > MAX_PACKET) {
                throw new IOException("refused: an SFTP packet of " + length + " bytes; the gateway reads at most "
                        + MAX_PACKET);
            }
            if (all.length - at - 4 < length) {
                break;
            }
            packets.accept(ByteBuffer.wrap(all, at + 4, (int) length).slice());
            at += 4 + (int) length;
        }
        pending = java.util.Arrays.copyOfRange(all, at, all.length);
    }

    static String string(ByteBuffer packet) {
        byte[] bytes = bytes(packet);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static byte[] bytes(ByteBuffer packet) {
        int length = packet.getInt();
        if (length < 0 || length > packet.remaining()) {
            throw new IllegalArgumentException("string longer than its packet");
        }
        byte[] bytes = new byte[length];
        packet.get(bytes);
        return bytes;
    }
}
