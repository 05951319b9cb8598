package dev.hoshu.broker.state;

/** Where a device is in its life: invited, enrolled, or decommissioned for good. */
public enum DeviceStatus {
    /** A join token was issued; no agent has used one yet. */
    INVITED,
    ENROLLED,
    /** Taken out of service: no tunnel, no renewal, no session; only a new join token brings it back. */
    DECOMMISSIONED
}
