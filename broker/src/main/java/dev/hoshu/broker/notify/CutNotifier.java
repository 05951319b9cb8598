package dev.hoshu.broker.notify;

/**
 * Where cuts go once they happened. Like {@link AccessNotifier}, publishing never blocks the cut and never fails
 * it: cutting access is the safe direction and must not wait for a receiver.
 */
public interface CutNotifier {

    /** For brokers and tests with no subscribers. */
    CutNotifier NONE = notice -> { };

    void publish(CutNotice notice);
}
