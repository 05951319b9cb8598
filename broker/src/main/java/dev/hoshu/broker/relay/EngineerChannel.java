package dev.hoshu.broker.relay;

import org.apache.sshd.common.io.IoInputStream;
import org.apache.sshd.common.io.IoOutputStream;
import org.apache.sshd.server.ExitCallback;

/** The engineer's side of a session, as MINA hands it to an async command. */
public record EngineerChannel(IoInputStream in, IoOutputStream out, IoOutputStream err, ExitCallback exit) {
}
