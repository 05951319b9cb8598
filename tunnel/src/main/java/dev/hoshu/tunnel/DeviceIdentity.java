package dev.hoshu.tunnel;

import java.security.cert.X509Certificate;

/** Who is at the other end of a tunnel, as proven by its device certificate. */
public record DeviceIdentity(String deviceId, String hospital, X509Certificate certificate) {
}
