package dev.hoshu.broker.gateway;

import dev.hoshu.access.Grant;
import java.util.List;

/** A command the policy let through: the grant as re-read at exec time, the tool and its arguments. */
record Admission(Grant grant, String commandLine, String tool, List<String> args) {

    Admission {
        args = List.copyOf(args);
    }
}
