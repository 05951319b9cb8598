package dev.hoshu.tunnel.control;

/**
 * The device's on-site switch: part of every inventory report, and sent on its own ({@code switch@hoshu.dev}) when
 * it changes while the tunnel is up. Information for the broker's ledger only: the switch acts on the device,
 * never because of what the broker believes.
 *
 * @param off           true while remote maintenance is switched off on site
 * @param note          what was written when it was switched off (who, when), at most {@link #MAX_NOTE} characters
 * @param changedMillis when the agent saw it change, by the device's clock; 0 when unknown
 */
public record SwitchReport(boolean off, String note, long changedMillis) {

    /** A note is a line a person wrote; more is not a note. */
    public static final int MAX_NOTE = 200;
}
