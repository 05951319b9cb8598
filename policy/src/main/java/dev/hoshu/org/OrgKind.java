package dev.hoshu.org;

/** What part an organisation plays. */
public enum OrgKind {
    /** Owns devices, approves, watches. */
    HOSPITAL,
    /** Employs field engineers; may hold MAINTENANCE or REPAIR only with a repair-business licence. */
    SERVICE_COMPANY,
    /** Publishes signed tools; may also service its own devices (then it needs the licence too). */
    MANUFACTURER
}
