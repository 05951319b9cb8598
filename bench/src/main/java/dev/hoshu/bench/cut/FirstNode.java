package dev.hoshu.bench.cut;

import java.nio.file.Path;
import java.util.Map;

import dev.hoshu.bench.Progress;
import dev.hoshu.bench.hoshu.HoshuSystem;
import dev.hoshu.bench.hoshu.QuickstartPorts;
import dev.hoshu.bench.tools.ToolFolders;

/**
 * The quickstart as the first node of a fleet: its broker on the shared {@link BenchRedis} under its own node name,
 * with a peer link on 127.0.0.1, and the quickstart's agent dialling it. {@link SecondNode}s join it with a copy of
 * its PKI.
 */
public final class FirstNode {

    private FirstNode() {
    }

    /**
     * @param keyPrefix  the Redis key prefix the whole fleet shares
     * @param sessionTtl how long a directory entry lives without renewal (e.g. {@code 5s}): how soon other nodes
     *                   learn of a session
     */
    public static HoshuSystem start(Path projectRoot, Path quickstart, Path workDir, ToolFolders tools, BenchRedis redis,
                                    String keyPrefix, String nodeName, String sessionTtl, Progress progress) {
        String fleet = "-Dhoshu.state.backend=redis -Dhoshu.redis.nodes=" + redis.address()
                + " -Dhoshu.redis.key-prefix=" + keyPrefix + " -Dhoshu.redis.session-ttl=" + sessionTtl
                + " -Dhoshu.node-name=" + nodeName + " -Dhoshu.fleet.peer.host=127.0.0.1 -Dhoshu.fleet.peer.port=0";
        HoshuSystem system = HoshuSystem.launch(projectRoot, quickstart, workDir, QuickstartPorts.free(),
                Map.of("HOSHU_EXTRA_TOOLS", tools.root().toAbsolutePath().toString(), "HOSHU_JAVA_OPTS", fleet));
        try {
            system.awaitRunning(progress);
            return system;
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
    }
}
