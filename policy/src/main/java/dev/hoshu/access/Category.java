package dev.hoshu.access;

/** The work categories of JESRA §3.4 (REQ-CAT-1): every request and session carries one. */
public enum Category {
    /** Collect status, errors, counters, environment. */
    MONITOR,
    /** Cleaning, calibration, data-file updates, disk clean-up. */
    MAINTENANCE,
    /** Restore function, including software reinstall. */
    REPAIR
}
