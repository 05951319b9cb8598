package dev.hoshu.broker.state;

import java.time.Instant;

/**
 * The device's on-site switch as its agent last reported it.
 *
 * @param off   true while remote maintenance is switched off on site
 * @param note  the note the device staff's switch wrote (who, when), as one printable line; {@code null} when on
 * @param since broker time of the first report showing the current state (the device's clock is not trusted)
 */
public record OnSiteSwitchState(boolean off, String note, Instant since) {
}
