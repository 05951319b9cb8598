package dev.hoshu.broker.pki;

import dev.hoshu.access.Grant;
import java.security.PublicKey;

/** The broker's SSH user CA: signs engineers' keys for a grant; the gateway trusts only it. */
public interface UserCertificateAuthority {

    PublicKey publicKey();

    /**
     * An OpenSSH user certificate ({@code ssh-…-cert-v01@openssh.com …} line) for the engineer's key:
     * key id = grant id, principal = device id, valid-before = grant end, no forwarding extensions.
     */
    String issue(Grant grant, PublicKey engineerKey);
}
