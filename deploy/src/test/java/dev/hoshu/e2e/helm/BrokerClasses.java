package dev.hoshu.e2e.helm;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The broker's own classes and application.yaml, as this build compiled them. The deploy module sees the broker only
 * as its packaged Spring Boot jar (classes under BOOT-INF/, out of reach) once the reactor has packaged it, so they
 * are loaded from the broker's build output, over this test's class path, which carries the broker's libraries.
 */
final class BrokerClasses {

    static final Path ROOT = Path.of(System.getProperty("hoshu.root", "..")).toAbsolutePath().normalize();

    private static final URLClassLoader LOADER = load();

    private BrokerClasses() {
    }

    static ClassLoader loader() {
        return LOADER;
    }

    /** The broker's application.yaml, from the broker's own output (not some other module's test resources). */
    static URL applicationYaml() {
        URL found = LOADER.findResource("application.yaml");
        if (found == null) {
            throw new IllegalStateException("no application.yaml in the broker's classes " + LOADER.getURLs()[0]);
        }
        return found;
    }

    private static URLClassLoader load() {
        Path classes = ROOT.resolve("broker/target/classes");
        Path runtimeJar = ROOT.resolve("broker/target/runtime/hoshu-broker.jar");
        Path where = Files.isDirectory(classes) ? classes : runtimeJar;
        if (!Files.exists(where)) {
            throw new IllegalStateException("the broker is not built: neither " + classes + " nor " + runtimeJar);
        }
        try {
            return new URLClassLoader(new URL[] {where.toUri().toURL()}, BrokerClasses.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
