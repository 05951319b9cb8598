package dev.hoshu.tunnel.enroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hoshu.tunnel.TestPki;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JoinTokenTest {

    private static final String PIN = JoinToken.caPin(TestPki.create("ca").ca());

    @Test
    void formatsAndParsesBack() {
        JoinToken token = new JoinToken("jt-42", "Zx_9-secret", PIN);

        assertEquals("hjt1.jt-42.Zx_9-secret." + PIN, token.format());
        assertEquals(token, JoinToken.parse("  " + token.format() + "\n"));
        assertEquals(43, PIN.length());
    }

    @Test
    void neverShowsTheSecret() {
        JoinToken token = new JoinToken("jt-42", "Zx9secret", PIN);

        assertFalse(token.toString().contains("Zx9secret"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hjt1", "hjt2.a.b.PIN", "hjt1.a.b", "hjt1.a.b.c.d", "hjt1..b.PIN",
        "hjt1.../etc/passwd.b.PIN", "hjt1.a;rm -rf /.b.PIN", "hjt1.a.b.short", "hjt1.a.b.PIN.", "hjt1.a.$(id).PIN"})
    void refusesMalformedTokensWithOneLine(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JoinToken.parse(text.replace("PIN", PIN)));
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void refusesOversizeTokens() {
        assertThrows(IllegalArgumentException.class, () -> JoinToken.parse("hjt1." + "a".repeat(10_000) + ".b." + PIN));
    }
}
