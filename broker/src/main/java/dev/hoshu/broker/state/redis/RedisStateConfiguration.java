package dev.hoshu.broker.state.redis;

import dev.hoshu.broker.HoshuProperties;
import dev.hoshu.broker.fleet.CutBus;
import dev.hoshu.broker.fleet.FleetCuts;
import dev.hoshu.broker.fleet.FleetSessions;
import dev.hoshu.broker.fleet.PkiFingerprints;
import dev.hoshu.broker.fleet.SessionDirectory;
import dev.hoshu.broker.gateway.SshGateway;
import dev.hoshu.broker.killswitch.LiveSessions;
import dev.hoshu.broker.peering.TunnelDirectory;
import dev.hoshu.broker.pki.BrokerPki;
import dev.hoshu.broker.reversetunnel.DeviceTunnels;
import dev.hoshu.broker.state.DeviceStore;
import dev.hoshu.broker.state.JoinTokenStore;
import dev.hoshu.broker.state.LockStore;
import dev.hoshu.broker.state.RecordCollections;
import dev.hoshu.broker.state.RequestStore;
import dev.hoshu.broker.state.StateUnavailableException;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With {@code hoshu.state.backend: redis}: every store (the ones below and, through {@link RecordCollections}, the
 * organisations, contracts, policies, tool catalog, accounts, webhooks, reviews and work-order closures), the session
 * directory and the cut bus on Redis, and the live sessions of the whole fleet in place of this node's alone.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "hoshu.state.backend", havingValue = "redis")
@EnableConfigurationProperties({RedisSettings.class, StateBackend.class})
public class RedisStateConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RedisStateConfiguration.class);
    /** How long a starting node waits for Redis before it gives up (and its service manager restarts it). */
    static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    @Bean(destroyMethod = "close")
    RedisConnections redisConnections(RedisSettings settings, BrokerPki pki, HoshuProperties hoshu)
            throws InterruptedException {
        RedisConnections connections = openWithin(settings, STARTUP_WAIT);
        // Before any store is used: a node with another PKI would issue certificates no other node accepts.
        try {
            RedisFleetPki.join(connections, PkiFingerprints.of(pki, hoshu.nodeName()));
        } catch (RuntimeException e) {
            connections.close();
            throw e;
        }
        pki.deviceCas().onChange(cas -> {
            try {
                RedisFleetPki.replace(connections, PkiFingerprints.of(pki, hoshu.nodeName()));
            } catch (RuntimeException e) {
                log.warn("the fleet's PKI record still names the device CA before this rotation step: {}",
                        e.getMessage());
            }
        });
        log.info("shared state on {}; this node's PKI is the fleet's", settings);
        return connections;
    }

    @Bean
    RecordCollections recordCollections(RedisConnections redis) {
        return new RedisRecordCollections(redis);
    }

    @Bean
    RequestStore requestStore(RedisConnections redis) {
        return new RedisRequestStore(redis);
    }

    @Bean
    RedisGrantStore grantStore(RedisConnections redis, Clock clock) {
        return new RedisGrantStore(redis, clock);
    }

    @Bean
    DeviceStore deviceStore(RedisConnections redis) {
        return new RedisDeviceStore(redis);
    }

    @Bean
    JoinTokenStore joinTokenStore(RedisConnections redis) {
        return new RedisJoinTokenStore(redis);
    }

    @Bean
    LockStore lockStore(RedisConnections redis, HoshuProperties hoshu) {
        return new RedisLockStore(redis, hoshu.nodeName());
    }

    @Bean
    SessionDirectory sessionDirectory(RedisConnections redis, Clock clock) {
        return new RedisSessionDirectory(redis);
    }

    /** Which node holds which device's tunnel; entries lapse like the live sessions' (ADR 31). */
    @Bean
    TunnelDirectory tunnelDirectory(RedisConnections redis, RedisSettings settings) {
        return new RedisTunnelDirectory(redis, settings.sessionTtl());
    }

    @Bean(destroyMethod = "close")
    RedisCutBus cutBus(RedisConnections redis, HoshuProperties hoshu) {
        return new RedisCutBus(redis, hoshu.nodeName());
    }

    @Bean(destroyMethod = "close")
    LiveSessions liveSessions(SshGateway gateway, SessionDirectory directory, CutBus bus, RedisGrantStore grants,
                              LockStore locks, DeviceStore devices, DeviceTunnels tunnels, HoshuProperties hoshu,
                              RedisSettings settings, Clock clock) {
        LiveSessions local = gateway.liveSessions();
        FleetCuts cuts = new FleetCuts(local, locks, bus, clock, devices, tunnels::disconnect, grants);
        FleetSessions fleet = new FleetSessions(local, directory, bus, grants, hoshu.nodeName(),
                refreshOf(settings.sessionTtl()));
        fleet.afterRefresh(grants::writeHeldRevocations);
        fleet.afterRefresh(cuts::reconcile);
        return fleet;
    }

    /**
     * Connects, trying again until {@code wait} has passed: a node started with (or just before) its Redis, or on a
     * busy host, waits for it and says so, instead of failing at the first slow connect.
     */
    static RedisConnections openWithin(RedisSettings settings, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                return RedisConnections.open(settings);
            } catch (StateUnavailableException e) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw e;
                }
                log.warn("waiting for the shared state on {}: {}; trying again ({} s left)", settings, e.getMessage(),
                        Duration.ofNanos(left).toSeconds());
                Thread.sleep(Math.min(1000, Duration.ofNanos(left).toMillis() + 1));
            }
        }
    }

    /** A tenth of the lapse, between a quarter second and five seconds: a refresh or two may fail unnoticed. */
    static Duration refreshOf(Duration ttl) {
        Duration tenth = ttl.dividedBy(10);
        return tenth.compareTo(Duration.ofMillis(250)) < 0 ? Duration.ofMillis(250)
                : tenth.compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : tenth;
    }
}
