package dev.hoshu.broker.state;

/** Whether a device's agent has enrolled yet. */
public enum DeviceStatus {
    /** A join token was issued; no agent has used one yet. */
    INVITED,
    ENROLLED
}
