package dev.hoshu.broker.gateway;

import org.apache.sshd.common.AttributeRepository.AttributeKey;

/** Who logged in, as proven by the grant certificate: kept on the SSH session for its commands. */
record EngineerLogin(String grantId, String device) {

    static final AttributeKey<EngineerLogin> KEY = new AttributeKey<>();
}
