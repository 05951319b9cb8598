package dev.hoshu.cli.contracts;

import dev.hoshu.access.Names;
import dev.hoshu.cli.http.BrokerCallFailed;

/** Organisation ids as policy defines them, refused before anything is sent. */
final class PartyIds {

    private PartyIds() {
    }

    static String require(String option, String id) {
        if (!Names.isOrganisationId(id)) {
            throw new BrokerCallFailed("refused: " + option + " " + Names.quoted(id) + " is not a valid organisation id");
        }
        return id;
    }
}
