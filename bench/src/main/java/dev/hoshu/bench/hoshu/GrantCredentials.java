package dev.hoshu.bench.hoshu;

import java.nio.file.Path;

/** What plain OpenSSH needs to log in to the broker under a grant: the engineer's key and its grant certificate. */
public record GrantCredentials(String grantId, Path privateKey, Path certificate) {
}
