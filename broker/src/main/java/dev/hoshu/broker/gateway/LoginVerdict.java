package dev.hoshu.broker.gateway;

/** The gateway's answer to an offered key: the login it proves, or the one line that refuses it. */
record LoginVerdict(EngineerLogin login, String refusal) {

    static LoginVerdict accept(EngineerLogin login) {
        return new LoginVerdict(login, null);
    }

    static LoginVerdict refuse(String refusal) {
        return new LoginVerdict(null, refusal);
    }

    boolean accepted() {
        return login != null;
    }
}
