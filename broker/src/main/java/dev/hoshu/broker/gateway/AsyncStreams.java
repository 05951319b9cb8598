package dev.hoshu.broker.gateway;

import java.io.InputStream;
import java.io.OutputStream;
import org.apache.sshd.common.io.IoInputStream;
import org.apache.sshd.common.io.IoOutputStream;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.command.AsyncCommand;

/**
 * The engineer's channel streams a gateway command is given. Only MINA's asynchronous streams are
 * used, so no command ever blocks a thread on the engineer's connection.
 */
abstract class AsyncStreams implements AsyncCommand {

    protected IoInputStream in;
    protected IoOutputStream out;
    protected IoOutputStream err;
    protected ExitCallback exit;

    @Override
    public void setIoInputStream(IoInputStream in) {
        this.in = in;
    }

    @Override
    public void setIoOutputStream(IoOutputStream out) {
        this.out = out;
    }

    @Override
    public void setIoErrorStream(IoOutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
        this.exit = exit;
    }

    @Override
    public final void setInputStream(InputStream in) {
        // the asynchronous stream is used
    }

    @Override
    public final void setOutputStream(OutputStream out) {
        // the asynchronous stream is used
    }

    @Override
    public final void setErrorStream(OutputStream err) {
        // the asynchronous stream is used
    }
}
