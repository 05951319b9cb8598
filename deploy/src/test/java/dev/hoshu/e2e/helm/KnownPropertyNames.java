package dev.hoshu.e2e.helm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URL;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every property name the broker binds: the components of its {@code @ConfigurationProperties} records (found on
 * the class path, so a new setting needs no change here) and the names in the configuration metadata of the Spring
 * Boot modules it runs on. A map-valued property accepts any key below it.
 */
record KnownPropertyNames(TreeSet<String> names, TreeSet<String> mapPrefixes, List<Class<?>> brokerSettings) {

    static KnownPropertyNames onTheClassPath() {
        KnownPropertyNames known = new KnownPropertyNames(new TreeSet<>(), new TreeSet<>(), new java.util.ArrayList<>());
        known.addBrokerSettings();
        known.addSpringMetadata();
        return known;
    }

    boolean knows(String key) {
        String name = key.replaceAll("\\[\\d+]", "");
        return names.contains(name) || mapPrefixes.stream().anyMatch(prefix -> name.startsWith(prefix + "."));
    }

    /** The broker's settings class of this name (a record bound under its {@code @ConfigurationProperties} prefix). */
    Class<?> settings(String className) {
        return brokerSettings.stream().filter(c -> c.getName().equals(className)).findFirst()
                .orElseThrow(() -> new AssertionError("the broker has no settings class " + className));
    }

    static String prefixOf(Class<?> settings) {
        ConfigurationProperties annotation = settings.getAnnotation(ConfigurationProperties.class);
        return annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
    }

    private void addBrokerSettings() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.setResourceLoader(new DefaultResourceLoader(BrokerClasses.loader()));
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        for (BeanDefinition candidate : scanner.findCandidateComponents("dev.hoshu")) {
            try {
                Class<?> settings = Class.forName(candidate.getBeanClassName(), false, BrokerClasses.loader());
                brokerSettings.add(settings);
                addComponents(prefixOf(settings), settings);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private void addComponents(String prefix, Class<?> type) {
        for (RecordComponent component : type.getRecordComponents()) {
            String name = prefix + "." + kebab(component.getName());
            Class<?> raw = component.getType();
            if (raw.isRecord()) {
                addComponents(name, raw);
            } else if (Map.class.isAssignableFrom(raw)) {
                mapPrefixes.add(name);
            } else if (Collection.class.isAssignableFrom(raw) && elementType(component.getGenericType()).isRecord()) {
                addComponents(name, elementType(component.getGenericType()));
            } else {
                names.add(name);
            }
        }
    }

    private static Class<?> elementType(Type type) {
        if (type instanceof ParameterizedType parameterized
                && parameterized.getActualTypeArguments()[0] instanceof Class<?> element) {
            return element;
        }
        return Object.class;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    private void addSpringMetadata() {
        JsonMapper json = JsonMapper.builder().build();
        try {
            for (URL file : Collections.list(BrokerClasses.loader()
                    .getResources("META-INF/spring-configuration-metadata.json"))) {
                try (InputStream in = file.openStream()) {
                    for (JsonNode property : json.readTree(in).path("properties")) {
                        String name = property.path("name").asString();
                        if (property.path("type").asString("").startsWith("java.util.Map")) {
                            mapPrefixes.add(name);
                        } else {
                            names.add(name);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
