package dev.hoshu.e2e.helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.UrlResource;
import org.springframework.core.io.Resource;

/**
 * What one broker pod reads, in the broker's order: its environment over the ConfigMap's files (extra.yaml over
 * hoshu.yaml, as {@code spring.config.additional-location} lists them) over the broker's own application.yaml,
 * loaded with Spring Boot's YAML loader and bound with its binder, as the broker does at start.
 */
final class BrokerConfig {

    private final List<PropertySource<?>> files;
    private final Binder binder;

    private BrokerConfig(List<PropertySource<?>> files, Binder binder) {
        this.files = files;
        this.binder = binder;
    }

    static BrokerConfig of(Map<String, String> environment, String hoshuYaml, String extraYaml) {
        List<PropertySource<?>> files = new ArrayList<>();
        files.addAll(load("extra.yaml", new ByteArrayResource(extraYaml.getBytes(StandardCharsets.UTF_8))));
        files.addAll(load("hoshu.yaml", new ByteArrayResource(hoshuYaml.getBytes(StandardCharsets.UTF_8))));
        List<PropertySource<?>> all = new ArrayList<>();
        // Spring maps HOSHU_NODENAME to hoshu.node-name only for a source of this name, as in the broker.
        all.add(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new LinkedHashMap<>(environment)));
        all.addAll(files);
        all.addAll(brokerDefaults());
        return new BrokerConfig(files, new Binder(ConfigurationPropertySources.from(all)));
    }

    /** The broker's own application.yaml, from its jar. */
    static List<PropertySource<?>> brokerDefaults() {
        return load("application.yaml", new UrlResource(BrokerClasses.applicationYaml()));
    }

    /** Keys the ConfigMap's files set that no setting of the broker or of Spring Boot has. */
    TreeSet<String> keysTheBrokerDoesNotKnow(KnownPropertyNames known) {
        TreeSet<String> unknown = new TreeSet<>();
        for (PropertySource<?> file : files) {
            for (String key : ((EnumerablePropertySource<?>) file).getPropertyNames()) {
                if (!known.knows(key)) {
                    unknown.add(file.getName() + ": " + key);
                }
            }
        }
        return unknown;
    }

    /** Binds like the broker: a value its settings refuse throws, with the broker's own message. */
    <T> T bind(String prefix, Class<T> type) {
        return binder.bindOrCreate(prefix, Bindable.of(type));
    }

    /**
     * The broker's settings record bound from this configuration, as a map of its components (nested records too),
     * so this test does not compile against the broker.
     */
    Map<String, Object> settings(Class<?> type) {
        return components(bind(KnownPropertyNames.prefixOf(type), type));
    }

    private static Map<String, Object> components(Object record) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            try {
                Object value = component.getAccessor().invoke(record);
                values.put(component.getName(), value != null && value.getClass().isRecord() ? components(value) : value);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return values;
    }

    String property(String name) {
        return binder.bind(name, String.class).orElse(null);
    }

    private static List<PropertySource<?>> load(String name, Resource resource) {
        try {
            return new YamlPropertySourceLoader().load(name, resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
