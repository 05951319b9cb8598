package dev.hoshu.tunnel.enroll;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.MessageToMessageCodec;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One frame, one JSON object: decodes frames to trees, encodes our records to frames. */
final class JsonFrameCodec extends MessageToMessageCodec<ByteBuf, Record> {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void encode(ChannelHandlerContext ctx, Record message, List<Object> out) {
        out.add(Unpooled.wrappedBuffer(JSON.writeValueAsBytes(message)));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        JsonNode tree;
        try {
            tree = JSON.readTree(ByteBufUtil.getBytes(frame));
        } catch (JacksonException e) {
            throw new CorruptedFrameException("frame is not JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw new CorruptedFrameException("frame is not a JSON object");
        }
        out.add(tree);
    }
}
