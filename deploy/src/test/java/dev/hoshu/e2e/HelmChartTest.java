package dev.hoshu.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Helm chart in deploy/helm/hoshu, checked without a helm binary (none in CI, so the chart is never rendered
 * there): Chart.yaml and values.yaml are YAML, every {@code .Values.x.y} a template uses is in values.yaml, and the
 * broker pods keep the hardening docs/kubernetes.md promises.
 */
class HelmChartTest {

    private static final Path CHART = HoshuSystem.ROOT.resolve("deploy/helm/hoshu");
    private static final Pattern VALUE = Pattern.compile("\\.Values((?:\\.[A-Za-z][A-Za-z0-9]*)+)");

    @Test
    void chartAndValuesAreYaml() throws IOException {
        Map<String, Object> chart = yaml(CHART.resolve("Chart.yaml"));
        assertEquals("v2", chart.get("apiVersion"));
        assertEquals("hoshu", chart.get("name"));
        assertTrue(yaml(CHART.resolve("values.yaml")).containsKey("broker"));
    }

    @Test
    void everyValueATemplateUsesIsInValuesYaml() throws IOException {
        Map<String, Object> values = yaml(CHART.resolve("values.yaml"));
        TreeSet<String> missing = new TreeSet<>();
        int used = 0;
        for (Path template : templates()) {
            Matcher reference = VALUE.matcher(Files.readString(template));
            while (reference.find()) {
                used++;
                if (!defined(values, reference.group(1).substring(1).split("\\."))) {
                    missing.add(template.getFileName() + ": .Values" + reference.group(1));
                }
            }
        }
        assertTrue(used > 20, "the templates use " + used + " values");
        assertEquals(new TreeSet<>(), missing);
    }

    @Test
    void brokerPodsRunUnprivilegedOnAReadOnlyRootWithProbesAndABudget() throws IOException {
        String broker = Files.readString(CHART.resolve("templates/broker-statefulset.yaml"));
        for (String setting : List.of("runAsNonRoot: true", "readOnlyRootFilesystem: true",
                "allowPrivilegeEscalation: false", "drop: [\"ALL\"]", "path: /actuator/health/readiness",
                "path: /actuator/health/liveness", "secretName: {{ .Values.broker.pkiSecret }}")) {
            assertTrue(broker.contains(setting), "broker StatefulSet lacks " + setting);
        }
        assertTrue(Files.readString(CHART.resolve("templates/pdb.yaml")).contains("kind: PodDisruptionBudget"));
        String services = Files.readString(CHART.resolve("templates/services.yaml"));
        assertTrue(services.contains("{name: tunnel, protocol: TCP"), "the tunnel is plain TCP passthrough");
        assertTrue(services.contains("{name: ssh, protocol: TCP"), "the SSH gateway is plain TCP");
    }

    private static List<Path> templates() throws IOException {
        try (Stream<Path> files = Files.list(CHART.resolve("templates"))) {
            List<Path> found = new ArrayList<>(files.filter(f -> f.toString().endsWith(".yaml")
                    || f.toString().endsWith(".tpl")).sorted().toList());
            assertTrue(found.size() >= 5, "templates: " + found);
            return found;
        }
    }

    @SuppressWarnings("unchecked")
    private static boolean defined(Map<String, Object> values, String[] path) {
        Object node = values;
        for (String key : path) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
                return false;
            }
            node = ((Map<String, Object>) map).get(key);
        }
        return true;
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        return new Yaml().load(Files.readString(file));
    }
}
