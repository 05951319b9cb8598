package dev.hoshu.api.devissuer;

import java.util.List;

/** A quickstart login: its password is demo data, printed in the docs, and must never guard anything real. */
public record DemoUser(String username, String password, String name, String org, List<String> roles) {

    public DemoUser {
        roles = roles == null ? List.of() : List.copyOf(roles);
    }

    @Override
    public String toString() {
        return "DemoUser[" + username + ", " + org + ", " + roles + "]";
    }
}
