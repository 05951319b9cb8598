package dev.hoshu.broker.notify;

/** Where issued repair reports go; publishing never fails the issuing, which is already done. */
public interface ReportNotifier {

    /** For brokers and tests with no subscribers. */
    ReportNotifier NONE = notice -> { };

    void publish(ReportNotice notice);
}
