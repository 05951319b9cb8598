package dev.hoshu.e2e.helm;

import static dev.hoshu.e2e.helm.RenderedChart.at;
import static dev.hoshu.e2e.helm.RenderedChart.map;
import static dev.hoshu.e2e.helm.RenderedChart.maps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The Helm chart as Helm renders it, read as an operator reviewing the manifests would: the fleet it asks for, pods
 * that cannot gain privileges, probes on the broker's real health endpoints, the tunnel left to the broker's own
 * mutual TLS, Redis Sentinel and the brokers agreeing on the master, the peer port open between broker pods only,
 * and a ConfigMap the broker binds without an unknown key. Values that would give a broken fleet do not render.
 */
class HelmChartTest {

    /** An operator's site: five nodes, their own names, ports and drain time, Sentinel master named for the site. */
    private static final String SITE_VALUES = """
            broker:
              replicas: 5
              serverNames: [hoshu.hosp-b.example.jp, 10.20.0.5]
              ports: {tunnel: 8443, ssh: 2022, api: 9080, peer: 7544}
              drainTimeoutSeconds: 300
              pdb: {minAvailable: 4}
            redis:
              masterName: hosp-b-imaging
              cutReplicas: 2
            """;

    /** A site with its own Redis: no bundled Redis, the brokers ask the site's sentinels. */
    private static final String OWN_REDIS_VALUES = """
            broker:
              redisPasswordSecret: hoshu-redis
            redis:
              deploy: false
              masterName: fleet-main
              sentinels: [sentinel-a.db.hosp-c.jp:26379, sentinel-b.db.hosp-c.jp:26379, 10.9.0.7:5000]
            """;

    private static final Pattern VALUE = Pattern.compile("\\.Values((?:\\.[A-Za-z][A-Za-z0-9]*)+)");
    private static final KnownPropertyNames KNOWN = KnownPropertyNames.onTheClassPath();
    private static final Class<?> HOSHU = KNOWN.settings("dev.hoshu.broker.HoshuProperties");
    private static final Class<?> STATE = KNOWN.settings("dev.hoshu.broker.state.redis.StateBackend");
    private static final Class<?> REDIS = KNOWN.settings("dev.hoshu.broker.state.redis.RedisSettings");
    private static final Class<?> PEER = KNOWN.settings("dev.hoshu.broker.peering.PeerSettings");
    private static final Class<?> DRAIN = KNOWN.settings("dev.hoshu.broker.drain.DrainProperties");
    private static final RenderedChart DEFAULTS = RenderedChart.render("hoshu", "");
    private static final RenderedChart SITE = RenderedChart.render("hosp-b", SITE_VALUES);
    private static final RenderedChart OWN_REDIS = RenderedChart.render("hosp-c", OWN_REDIS_VALUES);

    @Test
    void helmLintsTheChartStrictlyWithoutAWarning() {
        LintResult lint = RenderedChart.lint();
        List<String> findings = lint.getMessages().stream()
                .filter(m -> m.startsWith("[WARNING]") || m.startsWith("[ERROR]")).toList();
        assertFalse(lint.isFailed(), "helm lint --strict: " + lint.getMessages());
        assertEquals(List.of(), findings);
    }

    /** Helm renders a value missing from values.yaml as empty, even when linting strictly: a typo must not pass. */
    @Test
    void everyValueATemplateUsesIsInValuesYaml() throws IOException {
        Map<String, Object> values = new Yaml().load(Files.readString(RenderedChart.CHART.resolve("values.yaml")));
        TreeSet<String> missing = new TreeSet<>();
        int used = 0;
        try (Stream<Path> files = Files.list(RenderedChart.CHART.resolve("templates"))) {
            for (Path template : files.sorted().toList()) {
                Matcher reference = VALUE.matcher(Files.readString(template));
                while (reference.find()) {
                    used++;
                    if (!defined(values, reference.group(1).substring(1).split("\\."))) {
                        missing.add(template.getFileName() + ": .Values" + reference.group(1));
                    }
                }
            }
        }
        assertTrue(used > 20, "the templates use " + used + " values");
        assertEquals(new TreeSet<>(), missing);
    }

    @Test
    void theBrokerStatefulSetRunsTheNodesAsked() {
        RenderedChart defaults = DEFAULTS;
        assertEquals(3, at(defaults.get("StatefulSet", defaults.named("broker")), "spec", "replicas"));
        RenderedChart site = SITE;
        Map<String, Object> brokers = site.get("StatefulSet", site.named("broker"));
        assertEquals(5, at(brokers, "spec", "replicas"));
        assertEquals(4, at(site.get("PodDisruptionBudget", site.named("broker")), "spec", "minAvailable"));
        assertEquals(site.named("broker"), at(brokers, "spec", "serviceName"),
                "pods get their stable names from the headless Service");
    }

    @Test
    void everyContainerRunsUnprivilegedOnAReadOnlyRoot() {
        for (RenderedChart chart : List.of(DEFAULTS, SITE)) {
            List<Map<String, Object>> workloads = chart.ofKind("StatefulSet");
            assertEquals(2, workloads.size(), "brokers and the bundled Redis");
            for (Map<String, Object> workload : workloads) {
                Map<String, Object> pod = map(at(workload, "spec", "template", "spec"));
                assertEquals(false, pod.get("automountServiceAccountToken"), "no Kubernetes API token in the pod");
                assertEquals("RuntimeDefault", at(pod, "securityContext", "seccompProfile", "type"));
                List<Map<String, Object>> containers = new ArrayList<>(maps(pod.get("initContainers")));
                containers.addAll(maps(pod.get("containers")));
                for (Map<String, Object> container : containers) {
                    String which = at(workload, "metadata", "name") + "/" + container.get("name");
                    Object nonRoot = at(container, "securityContext", "runAsNonRoot");
                    assertEquals(true, nonRoot == null ? at(pod, "securityContext", "runAsNonRoot") : nonRoot, which);
                    Object user = at(container, "securityContext", "runAsUser");
                    assertTrue(((Integer) (user == null ? at(pod, "securityContext", "runAsUser") : user)) > 0, which);
                    assertEquals(true, at(container, "securityContext", "readOnlyRootFilesystem"), which);
                    assertEquals(false, at(container, "securityContext", "allowPrivilegeEscalation"), which);
                    assertEquals(List.of("ALL"), at(container, "securityContext", "capabilities", "drop"), which);
                    assertEquals(null, at(container, "securityContext", "capabilities", "add"), which);
                    assertEquals(null, at(container, "securityContext", "privileged"), which);
                }
            }
        }
    }

    @Test
    void probesAskTheBrokersOwnHealthEndpointsOnItsApiPort() {
        for (RenderedChart chart : List.of(DEFAULTS, SITE)) {
            Map<String, Object> broker = brokerContainer(chart);
            BrokerConfig config = brokerConfig(chart, 0);
            int apiPort = Integer.parseInt(config.property("server.port"));
            // Actuator answers on server.port under /actuator unless the broker moves it; it does not.
            assertEquals(null, config.property("management.server.port"));
            assertEquals(null, config.property("management.endpoints.web.base-path"));
            assertEquals("true", config.property("management.endpoint.health.probes.enabled"));
            assertTrue(config.property("management.endpoints.web.exposure.include").contains("health"));
            assertEquals("/actuator/health/readiness", at(broker, "readinessProbe", "httpGet", "path"));
            assertEquals("/actuator/health/liveness", at(broker, "livenessProbe", "httpGet", "path"));
            assertEquals(apiPort, containerPort(broker, at(broker, "readinessProbe", "httpGet", "port")));
            assertEquals(apiPort, containerPort(broker, at(broker, "livenessProbe", "httpGet", "port")));
        }
    }

    @Test
    void theTunnelAndSshReachTheBrokerAsPlainTcp() {
        RenderedChart chart = SITE;
        Map<String, Object> edge = chart.get("Service", chart.named("edge"));
        Map<String, Object> broker = brokerContainer(chart);
        BrokerConfig config = brokerConfig(chart, 0);
        Map<String, Object> hoshu = config.settings(HOSHU);
        Map<String, Map<String, Object>> ports = byName(maps(at(edge, "spec", "ports")));
        assertEquals(new TreeSet<>(List.of("tunnel", "ssh")), new TreeSet<>(ports.keySet()),
                "only the tunnel and the SSH gateway face devices and engineers");
        for (Map<String, Object> port : ports.values()) {
            assertEquals("TCP", port.get("protocol"));
            assertEquals(null, port.get("appProtocol"), "no protocol-aware load balancing");
        }
        assertEquals(at(hoshu, "tunnel", "port"), containerPort(broker, ports.get("tunnel").get("targetPort")));
        assertEquals(at(hoshu, "ssh", "port"), containerPort(broker, ports.get("ssh").get("targetPort")));
        assertEquals(List.of("hoshu.hosp-b.example.jp", "10.20.0.5"), at(hoshu, "tunnel", "serverNames"));
        assertEquals("Local", at(edge, "spec", "externalTrafficPolicy"), "client addresses reach the audit log");
        RenderedChart internal = RenderedChart.render("hoshu", "service: {type: ClusterIP}");
        assertEquals(null, at(internal.get("Service", internal.named("edge")), "spec", "externalTrafficPolicy"),
                "Kubernetes refuses the policy on a ClusterIP Service");
        assertTrue(map(at(edge, "metadata")).get("annotations") == null
                || map(at(edge, "metadata", "annotations")).isEmpty(), "no load balancer TLS settings by default");
    }

    @Test
    void brokersAskTheBundledSentinelsForTheMasterTheyMonitor() {
        for (RenderedChart chart : List.of(DEFAULTS, SITE)) {
            BrokerConfig config = brokerConfig(chart, 1);
            assertEquals("redis", config.settings(STATE).get("backend"));
            Map<String, Object> redis = config.settings(REDIS);
            assertEquals("sentinel", redis.get("mode"));
            Map<String, Object> redisSet = chart.get("StatefulSet", chart.named("redis"));
            assertEquals(3, at(redisSet, "spec", "replicas"));
            Map<String, Object> sentinel = byName(maps(at(redisSet, "spec", "template", "spec", "containers")))
                    .get("sentinel");
            String script = String.join("\n", strings(sentinel.get("args")));
            Matcher monitor = Pattern.compile("sentinel monitor (\\S+) (\\S+) 6379 2").matcher(script);
            assertTrue(monitor.find(), script);
            assertEquals(monitor.group(1), redis.get("masterName"), "the brokers ask for the master the sentinels monitor");
            assertEquals(chart.named("redis") + "-0." + chart.named("redis"), monitor.group(2));
            String service = chart.named("redis");
            assertEquals(List.of(service + "-0." + service + ":26379", service + "-1." + service + ":26379",
                    service + "-2." + service + ":26379"), redis.get("nodes"));
            Map<String, Map<String, Object>> servicePorts =
                    byName(maps(at(chart.get("Service", service), "spec", "ports")));
            assertEquals(26379, servicePorts.get("sentinel").get("port"));
            assertEquals(service, at(redisSet, "spec", "serviceName"), "the sentinels' names resolve");
            assertTrue((Integer) redis.get("cutReplicas") <= 2, "the bundled Redis has two replicas to acknowledge a cut");
        }
        assertEquals("hosp-b-imaging", brokerConfig(SITE, 0).settings(REDIS).get("masterName"));
    }

    @Test
    void brokersOnTheSitesOwnRedisAskItsSentinelsWithItsPassword() {
        RenderedChart chart = OWN_REDIS;
        assertTrue(chart.find("StatefulSet", chart.named("redis")).isEmpty(), "no bundled Redis");
        assertTrue(chart.find("NetworkPolicy", chart.named("redis")).isEmpty());
        Map<String, Object> redis = brokerConfig(chart, 2).settings(REDIS);
        assertEquals("fleet-main", redis.get("masterName"));
        assertEquals(List.of("sentinel-a.db.hosp-c.jp:26379", "sentinel-b.db.hosp-c.jp:26379", "10.9.0.7:5000"),
                redis.get("nodes"));
        assertEquals("secret hoshu-redis/password", redis.get("password"), "the password comes from the Secret");
    }

    @Test
    void thePeerPortIsOpenBetweenBrokerPodsOnly() {
        for (RenderedChart chart : List.of(DEFAULTS, SITE)) {
            Map<String, Object> broker = brokerContainer(chart);
            String pod = chart.named("broker") + "-1";
            Map<String, Object> peer = brokerConfig(chart, 1).settings(PEER);
            int peerPort = (Integer) peer.get("port");
            assertEquals(peerPort, containerPort(broker, "peer"));
            // Each node advertises its own stable name under the headless Service, which every pod resolves.
            Map<String, Object> headless = chart.get("Service", chart.named("broker"));
            assertEquals("None", at(headless, "spec", "clusterIP"));
            assertEquals(true, at(headless, "spec", "publishNotReadyAddresses"), "a draining node still relays");
            assertEquals(pod + "." + chart.named("broker") + ":" + peerPort, peer.get("address"));
            Map<String, Object> peerPortOfService = byName(maps(at(headless, "spec", "ports"))).get("peer");
            assertEquals(peerPort, peerPortOfService.get("port"));
            assertEquals("TCP", peerPortOfService.get("protocol"));
            assertFalse(byName(maps(at(chart.get("Service", chart.named("edge")), "spec", "ports"))).containsKey("peer"));
            // Only broker pods may open it.
            Map<String, Object> policy = chart.get("NetworkPolicy", chart.named("broker"));
            Map<String, Object> brokerPods = map(at(policy, "spec", "podSelector", "matchLabels"));
            assertEquals("broker", brokerPods.get("app.kubernetes.io/component"));
            List<Map<String, Object>> rules = maps(at(policy, "spec", "ingress"));
            List<Map<String, Object>> peerRules = rules.stream().filter(rule -> maps(rule.get("ports")).stream()
                    .anyMatch(p -> Integer.valueOf(peerPort).equals(p.get("port")))).toList();
            assertEquals(1, peerRules.size(), rules.toString());
            assertEquals(List.of(Map.of("podSelector", Map.of("matchLabels", brokerPods))), peerRules.get(0).get("from"));
        }
    }

    @Test
    void theConfigMapHoldsOnlySettingsTheBrokerBindsAndAccepts() {
        for (RenderedChart chart : List.of(DEFAULTS, SITE,
                OWN_REDIS)) {
            BrokerConfig config = brokerConfig(chart, 0);
            assertEquals(new TreeSet<>(), config.keysTheBrokerDoesNotKnow(KNOWN));
            for (Class<?> settings : KNOWN.brokerSettings()) {
                assertNotNull(config.bind(KnownPropertyNames.prefixOf(settings), settings), settings.getName());
            }
            Map<String, Object> hoshu = config.settings(HOSHU);
            assertEquals(chart.named("broker") + "-0", hoshu.get("nodeName"), "the pod name is the node name");
            assertEquals("/var/lib/hoshu", String.valueOf(hoshu.get("dataDir")));
            assertTrue(brokerMounts(chart).contains("/var/lib/hoshu"), "data-dir is the pod's own volume");
        }
        assertTrue(KNOWN.brokerSettings().size() >= 5, "the broker's settings were found: " + KNOWN.brokerSettings());
    }

    @Test
    void theKubeletWaitsForTheDrainBeforeKillingTheBroker() {
        for (RenderedChart chart : List.of(DEFAULTS, SITE)) {
            Duration drain = (Duration) brokerConfig(chart, 0).settings(DRAIN).get("timeout");
            int grace = (Integer) at(chart.get("StatefulSet", chart.named("broker")),
                    "spec", "template", "spec", "terminationGracePeriodSeconds");
            assertTrue(grace >= drain.toSeconds() + 15, "grace " + grace + " s for a drain of " + drain);
        }
        assertEquals(Duration.ofMinutes(5), brokerConfig(SITE, 0).settings(DRAIN).get("timeout"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            'broker: {replicas: 0}'                             | broker.replicas must be 1 or more, not 0
            'broker: {replicas: many}'                          | broker.replicas must be a whole number of broker nodes, not many
            'broker: {replicas: 2}'                             | broker.pdb.minAvailable (2) must be below broker.replicas (2)
            'broker: {pkiSecret: ""}'                           | broker.pkiSecret is required
            'image: {repository: ""}'                           | image.repository is required
            'broker: {serverNames: []}'                         | broker.serverNames is required
            'broker: {serverNames: ["a b;reboot"]}'             | broker.serverNames: "a b;reboot" is not a host name or address
            'broker: {ports: {peer: 7443}}'                     | broker.ports.peer (7443) is already another listener's port
            'broker: {ports: {api: 70000}}'                     | broker.ports.api must be 1-65535, not 70000
            'broker: {drainTimeoutSeconds: 7200}'               | broker.drainTimeoutSeconds must be 0 to 3600
            'broker: {extraConfig: "just words"}'               | broker.extraConfig is not YAML
            'redis: {masterName: "hoshu$(reboot)"}'             | redis.masterName "hoshu$(reboot)" must be 1 to 64 letters
            'redis: {cutReplicas: 3}'                           | redis.cutReplicas (3) is more than the bundled Redis's 2 replicas
            'redis: {deploy: false}'                            | redis.sentinels is required with redis.deploy: false
            'redis: {deploy: false, sentinels: ["sentinel-a"]}' | redis.sentinels: "sentinel-a" is not host:port
            'broker: {redisPasswordSecret: pw}'                 | broker.redisPasswordSecret is for your own Redis
            'service: {type: Ingress}'                          | service.type must be LoadBalancer, NodePort or ClusterIP, not Ingress
            """)
    void aValueThatWouldBreakTheFleetFailsRenderingWithWhy(String values, String why) {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> RenderedChart.render("hoshu", values));
        // Helm adds a hint about --debug on a line of its own; the refusal is the first line.
        String refusal = refused.getMessage().lines().findFirst().orElseThrow();
        assertTrue(refusal.contains(why), refused.getMessage());
    }

    private static boolean defined(Map<String, Object> values, String[] path) {
        Object node = values;
        for (String key : path) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
                return false;
            }
            node = map.get(key);
        }
        return true;
    }

    private static Map<String, Object> brokerContainer(RenderedChart chart) {
        Map<String, Object> pod = map(at(chart.get("StatefulSet", chart.named("broker")), "spec", "template", "spec"));
        return byName(maps(pod.get("containers"))).get("broker");
    }

    private static List<String> brokerMounts(RenderedChart chart) {
        return maps(brokerContainer(chart).get("volumeMounts")).stream().map(m -> (String) m.get("mountPath")).toList();
    }

    /** What broker pod number {@code ordinal} reads: its environment as Kubernetes expands it, and the ConfigMap. */
    private static BrokerConfig brokerConfig(RenderedChart chart, int ordinal) {
        Map<String, Object> broker = brokerContainer(chart);
        String pod = chart.named("broker") + "-" + ordinal;
        Map<String, String> environment = new LinkedHashMap<>();
        for (Map<String, Object> variable : maps(broker.get("env"))) {
            Object value = variable.get("value");
            if (value == null && "metadata.name".equals(at(variable, "valueFrom", "fieldRef", "fieldPath"))) {
                value = pod;
            } else if (value == null && at(variable, "valueFrom", "secretKeyRef") != null) {
                value = "secret " + at(variable, "valueFrom", "secretKeyRef", "name") + "/"
                        + at(variable, "valueFrom", "secretKeyRef", "key");
            }
            assertNotNull(value, "the chart's " + variable.get("name") + " has a value this check understands");
            String expanded = (String) value;
            for (Map.Entry<String, String> earlier : environment.entrySet()) {
                expanded = expanded.replace("$(" + earlier.getKey() + ")", earlier.getValue());
            }
            environment.put((String) variable.get("name"), expanded);
        }
        List<String> args = strings(broker.get("args"));
        assertEquals(List.of("--spring.config.additional-location=file:/etc/hoshu/hoshu.yaml,file:/etc/hoshu/extra.yaml"),
                args);
        assertTrue(brokerMounts(chart).contains("/etc/hoshu"));
        Map<String, Object> data = map(at(chart.get("ConfigMap", chart.named("config")), "data"));
        return BrokerConfig.of(environment, (String) data.get("hoshu.yaml"), (String) data.get("extra.yaml"));
    }

    /** The container port a Service or probe names (by port name or number). */
    private static int containerPort(Map<String, Object> container, Object port) {
        for (Map<String, Object> declared : maps(container.get("ports"))) {
            if (port.equals(declared.get("name")) || port.equals(declared.get("containerPort"))) {
                return (Integer) declared.get("containerPort");
            }
        }
        throw new AssertionError("container " + container.get("name") + " declares no port " + port);
    }

    private static Map<String, Map<String, Object>> byName(List<Map<String, Object>> named) {
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        named.forEach(n -> byName.put((String) n.get("name"), n));
        return byName;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object strings) {
        return (List<String>) strings;
    }
}
