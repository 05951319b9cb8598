package dev.hoshu.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One HTTP/1.1 connection kept open across requests, written to as a browser does: several GETs may go out in one
 * write, without waiting for the first answer.
 */
final class KeptAliveConnection implements AutoCloseable {

    /** Long enough for a loaded machine; a server that stopped reading the connection never answers at all. */
    private static final int ANSWER_WAIT_MILLIS = 15_000;

    private final Socket socket;
    private final InputStream in;
    private final String host;
    private final String cookie;

    KeptAliveConnection(String host, int port, String cookie) throws IOException {
        this.host = host + ":" + port;
        this.cookie = cookie;
        this.socket = new Socket(host, port);
        socket.setSoTimeout(ANSWER_WAIT_MILLIS);
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
    }

    /** Writes a GET for each path, all in one write. */
    void send(String... paths) throws IOException {
        StringBuilder requests = new StringBuilder();
        for (String path : paths) {
            requests.append("GET ").append(path).append(" HTTP/1.1\r\nHost: ").append(host)
                    .append("\r\nAccept: text/html,*/*\r\nCookie: ").append(cookie).append("\r\n\r\n");
        }
        socket.getOutputStream().write(requests.toString().getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** Reads this many responses, bodies included, and returns their status lines. */
    List<String> statusLines(int responses) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < responses; i++) {
            lines.add(readLine());
            int length = 0;
            boolean chunked = false;
            for (String header = readLine(); !header.isEmpty(); header = readLine()) {
                if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
                    length = Integer.parseInt(header.substring(15).trim());
                }
                chunked |= header.equalsIgnoreCase("transfer-encoding: chunked");
            }
            if (chunked) {
                for (int size = chunkSize(); size > 0; size = chunkSize()) {
                    in.readNBytes(size);
                    readLine();
                }
                readLine();
            } else {
                in.readNBytes(length);
            }
        }
        return lines;
    }

    private int chunkSize() throws IOException {
        return Integer.parseInt(readLine().trim(), 16);
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("the server closed the connection mid-response");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within " + ANSWER_WAIT_MILLIS / 1000
                    + " s: the server stopped reading a kept-alive connection", e);
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
