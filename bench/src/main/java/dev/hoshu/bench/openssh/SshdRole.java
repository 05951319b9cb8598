package dev.hoshu.bench.openssh;

/** What a benchmark sshd stands in for; only the bastion relays TCP, as a ProxyJump host must. */
public enum SshdRole {
    DEVICE("device", false),
    BASTION("bastion", true);

    private final String label;
    private final boolean forwardsTcp;

    SshdRole(String label, boolean forwardsTcp) {
        this.label = label;
        this.forwardsTcp = forwardsTcp;
    }

    public String label() {
        return label;
    }

    public boolean forwardsTcp() {
        return forwardsTcp;
    }
}
