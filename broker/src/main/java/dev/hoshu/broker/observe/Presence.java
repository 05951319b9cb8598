package dev.hoshu.broker.observe;

import java.util.List;

/** What a watched session wants to know about its observers. */
public interface Presence {

    /** No observer is required: watching changes nothing. */
    Presence INDIFFERENT = new Presence() {
        @Override
        public void observersChanged(List<String> observers) {
            // the session runs either way
        }

        @Override
        public String state() {
            return "running";
        }
    };

    /**
     * The observers watching now changed (one joined or left). Called one change at a time, in order.
     *
     * @param observers the subjects watching now, in the order they joined, one entry per open view
     */
    void observersChanged(List<String> observers);

    /** {@code waiting} (for an observer), {@code running} or {@code paused}: the first line of a live view says it. */
    String state();
}
