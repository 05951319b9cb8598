package dev.hoshu.agent.runner;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The tools running now on this agent, so the on-site switch can end them all at once. */
public final class RunningTools {

    private final Set<ToolCommand> running = ConcurrentHashMap.newKeySet();

    void started(ToolCommand tool) {
        running.add(tool);
    }

    void finished(ToolCommand tool) {
        running.remove(tool);
    }

    public int count() {
        return running.size();
    }

    /**
     * Stops every running tool's process tree; each engineer reads {@code hoshu: session s-… ended: <why>}.
     *
     * @return how many tools were told to stop
     */
    public int endAll(String why) {
        Set<ToolCommand> now = Set.copyOf(running);
        now.forEach(tool -> tool.endOnSite(why));
        return now.size();
    }
}
