package dev.hoshu.tunnel.enroll;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;

/** The enrollment wire: a 4-byte big-endian length, then at most 64 KiB of UTF-8 JSON. */
final class EnrollmentFrames {

    static final int MAX_BODY = 64 * 1024;
    private static final int LENGTH_FIELD = 4;

    private EnrollmentFrames() {
    }

    /** Adds, after whatever is already there (TLS), the frame and JSON layers. */
    static void addTo(ChannelPipeline pipeline) {
        pipeline.addLast("frames", new LengthFieldBasedFrameDecoder(MAX_BODY + LENGTH_FIELD, 0, LENGTH_FIELD, 0,
                LENGTH_FIELD, true));
        pipeline.addLast("length", new LengthFieldPrepender(LENGTH_FIELD));
        pipeline.addLast("json", new JsonFrameCodec());
    }
}
