package dev.hoshu.e2e.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.yaml.snakeyaml.Yaml;

/** The manifests {@code helm template} renders from the chart for one release and one set of values. */
record RenderedChart(String release, List<Map<String, Object>> manifests) {

    static final Path CHART = Path.of(System.getProperty("hoshu.root", "..")).toAbsolutePath().normalize()
            .resolve("deploy/helm/hoshu");
    static final String NAMESPACE = "imaging";

    /** {@code helm lint --strict} on the chart with its default values. */
    static LintResult lint() {
        return new Helm(CHART).lint().strict().call();
    }

    /** {@code helm template RELEASE CHART -f values.yaml} with {@code values} (YAML, may be empty) over the defaults. */
    static RenderedChart render(String release, String values) {
        Path file = null;
        try {
            file = Files.createTempFile("hoshu-values", ".yaml");
            Files.writeString(file, values);
            String rendered = new Helm(CHART).template().withName(release).withNamespace(NAMESPACE)
                    .withValuesFile(file).call();
            List<Map<String, Object>> manifests = new ArrayList<>();
            for (Object document : new Yaml().loadAll(rendered)) {
                if (document != null) {
                    manifests.add(map(document));
                }
            }
            return new RenderedChart(release, List.copyOf(manifests));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (file != null) {
                file.toFile().delete();
            }
        }
    }

    /** The one manifest of this kind and name. */
    Map<String, Object> get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new NoSuchElementException("no " + kind + " " + name + " in "
                + manifests.stream().map(m -> m.get("kind") + " " + at(m, "metadata", "name")).toList()));
    }

    java.util.Optional<Map<String, Object>> find(String kind, String name) {
        return manifests.stream().filter(m -> kind.equals(m.get("kind")) && name.equals(at(m, "metadata", "name")))
                .findFirst();
    }

    List<Map<String, Object>> ofKind(String kind) {
        return manifests.stream().filter(m -> kind.equals(m.get("kind"))).toList();
    }

    /** A name the chart gives: {@code <release>-hoshu-<part>}. */
    String named(String part) {
        return release + "-hoshu-" + part;
    }

    /** The value at a path of map keys, or null. */
    static Object at(Object node, String... keys) {
        for (String key : keys) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(key);
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> maps(Object node) {
        return node == null ? List.of() : (List<Map<String, Object>>) node;
    }
}
