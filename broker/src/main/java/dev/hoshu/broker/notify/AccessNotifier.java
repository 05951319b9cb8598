package dev.hoshu.broker.notify;

/**
 * Where access events go once they happened. Publishing never blocks the act and never fails it:
 * delivery problems belong to the notifier, which keeps them visible.
 */
public interface AccessNotifier {

    /** For brokers and tests with no subscribers. */
    AccessNotifier NONE = notice -> { };

    void publish(AccessNotice notice);
}
