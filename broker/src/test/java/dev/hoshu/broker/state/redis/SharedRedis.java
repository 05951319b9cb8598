package dev.hoshu.broker.state.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts each kind of Redis deployment once per test run, on first use, and stops them all when the run ends: the
 * contract tests of every store share them, each test under a key prefix of its own.
 */
public final class SharedRedis implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedRedis.class);

    /** The running deployments by mode. */
    public static final class Deployments implements AutoCloseable {

        private final Map<String, RedisDeployment> running = new HashMap<>();
        private final Path dir;

        Deployments() {
            try {
                dir = Files.createTempDirectory("hoshu-redis-");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public synchronized RedisDeployment get(String mode) {
            return running.computeIfAbsent(mode, m -> {
                try {
                    return switch (m) {
                        case "standalone" -> RedisDeployment.standalone(dir);
                        case "cluster" -> RedisDeployment.cluster(dir);
                        case "sentinel" -> RedisDeployment.sentinel(dir);
                        default -> throw new IllegalArgumentException(m);
                    };
                } catch (IOException e) {
                    throw new IllegalStateException("cannot start redis " + m + ": " + e.getMessage(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
        }

        @Override
        public synchronized void close() {
            running.values().forEach(RedisDeployment::close);
            running.clear();
            RedisDeployment.delete(dir);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Deployments.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(Deployments.class, type -> new Deployments(), Deployments.class);
    }
}
