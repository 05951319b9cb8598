package dev.hoshu.agent.runner;

import java.util.Optional;

/** Whether this device allows remote maintenance right now; asked before every tool starts. */
@FunctionalInterface
public interface RunGate {

    /** Always open: for a runner with no on-site switch (tests). */
    RunGate OPEN = Optional::empty;

    /** The one-line refusal while remote maintenance is not allowed, empty while it is. */
    Optional<String> refusal();
}
