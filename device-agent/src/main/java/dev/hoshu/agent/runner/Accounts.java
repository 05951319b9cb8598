package dev.hoshu.agent.runner;

import java.io.IOException;
import java.util.OptionalLong;

/** The device's user and group accounts, as the name service answers for them. */
interface Accounts {

    /** @return the uid of user {@code name}, empty when there is no such user */
    OptionalLong uidOf(String name) throws IOException;

    /** @return the gid of group {@code name}, empty when there is no such group */
    OptionalLong gidOf(String name) throws IOException;
}
