package dev.hoshu.bench.jvm;

import java.nio.file.Path;

/**
 * A Java Flight Recorder recording of one Hoshu JVM, started and stopped from outside with jcmd,
 * so the broker needs no flag and no restart to be profiled.
 */
public final class JfrProfile {

    private static final String NAME = "hoshu-bench";

    private final JvmProcess jvm;
    private final Path file;

    private JfrProfile(JvmProcess jvm, Path file) {
        this.jvm = jvm;
        this.file = file;
    }

    /** Starts sampling with the JDK's "profile" settings (Java stacks every 10 ms per running thread). */
    public static JfrProfile start(JvmProcess jvm, Path file) {
        jvm.jcmd("JFR.start", "name=" + NAME, "settings=profile");
        return new JfrProfile(jvm, file);
    }

    /** Stops the recording and writes it to the file given at start. */
    public Path stop() {
        jvm.jcmd("JFR.stop", "name=" + NAME, "filename=" + file.toAbsolutePath());
        return file;
    }

    public JvmProcess jvm() {
        return jvm;
    }
}
