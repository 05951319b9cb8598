package dev.hoshu.tools;

import dev.hoshu.access.Names;
import java.util.List;

/**
 * What the broker's catalog says about a tool at the moment of use, sent with every run and every transfer
 * (ADR 0020): the versions of it that are revoked, and the manufacturer keys the device's hospital trusts. The
 * device judges the tool it has just verified against it, so a revocation or an untrusted key holds at once for
 * both uses.
 *
 * @param revokedVersions the tool's revoked versions
 * @param hospitalKeys    the key ids the hospital trusts, or {@code null} when it never listed any (then the
 *                        device's own trusted keys decide alone); an empty list trusts nothing
 */
public record ToolStanding(List<String> revokedVersions, List<String> hospitalKeys) {

    /** What a tool is about to be used for: the refusal says what is closed to the engineer. */
    public enum Use {
        RUN("it may not run"),
        TRANSFER("its transfer folders are closed");

        private final String consequence;

        Use(String consequence) {
            this.consequence = consequence;
        }
    }

    public ToolStanding {
        revokedVersions = revokedVersions == null ? List.of() : List.copyOf(revokedVersions);
        hospitalKeys = hospitalKeys == null ? null : List.copyOf(hospitalKeys);
    }

    /**
     * @param name the tool's name as the engineer asked for it
     * @throws ToolRefusedException with the one line the engineer reads when the hospital does not trust the key
     *                              that signed it, or its version is revoked
     */
    public void check(String name, VerifiedTool tool, Use use) throws ToolRefusedException {
        if (hospitalKeys != null && !hospitalKeys.contains(tool.signedBy())) {
            throw new ToolRefusedException("refused: tool " + Names.quoted(name) + " is signed by key "
                    + Names.printable(tool.signedBy()) + ", which this device's hospital does not trust "
                    + "(hoshu tools trust)" + (use == Use.RUN ? "" : "; " + use.consequence));
        }
        if (revokedVersions.contains(tool.manifest().version())) {
            throw new ToolRefusedException("refused: tool " + Names.quoted(name) + " version "
                    + Names.printable(tool.manifest().version()) + " is revoked by the manufacturer or operator; "
                    + use.consequence + " (ask for a current version)");
        }
    }
}
