package dev.hoshu.access;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MultiFactorTest {

    private static Actor loggedIn(List<String> amr, String acr) {
        return new Actor("tanaka", "hosp-a", Set.of("approver"), "T").loggedInWith(amr, acr);
    }

    static Stream<Arguments> cases() {
        MultiFactor defaults = MultiFactor.defaults();
        MultiFactor withAcr = new MultiFactor(null, List.of("aal2", "2"));
        return Stream.of(
                Arguments.of("password and OTP", defaults, loggedIn(List.of("pwd", "otp"), null), "allowed"),
                Arguments.of("hardware key", defaults, loggedIn(List.of("hwk"), null), "allowed"),
                Arguments.of("acr aal2 where configured", withAcr, loggedIn(List.of("pwd"), "aal2"), "allowed"),
                Arguments.of("password only", defaults, loggedIn(List.of("pwd"), null),
                        "denied: approving needs a multi-factor login (token amr [pwd] has none of otp, hwk, swk, mfa,"
                                + " totp)"),
                Arguments.of("no amr at all", defaults, loggedIn(List.of(), "1"),
                        "denied: approving needs a multi-factor login (token amr [] has none of otp, hwk, swk, mfa,"
                                + " totp)"),
                Arguments.of("acr too weak", withAcr, loggedIn(List.of("pwd"), "1"),
                        "denied: approving needs a multi-factor login (token amr [pwd] has none of otp, hwk, swk, mfa,"
                                + " totp; acr '1' is not one of aal2, 2)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void check(String name, MultiFactor rule, Actor actor, String expected) {
        assertEquals(expected, rule.check(actor, "approving").reason());
    }
}
