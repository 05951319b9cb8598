package dev.hoshu.agent.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Accounts as glibc's {@code getent} finds them: the same name service (files, LDAP, …) that {@code setpriv} would
 * ask, so the ids checked are the ids the tool would get. Fail closed: a lookup that errs or hangs is an
 * {@link IOException}, never "no such account" nor a guess.
 */
final class NameServiceAccounts implements Accounts {

    static final NameServiceAccounts INSTANCE = new NameServiceAccounts();

    private static final String GETENT = "/usr/bin/getent";
    /** getent's exit status when the key is not in the database. */
    private static final int NOT_FOUND = 2;
    private static final long TIMEOUT_SECONDS = 10;

    private NameServiceAccounts() {
    }

    @Override
    public OptionalLong uidOf(String name) throws IOException {
        return idOf("passwd", name);
    }

    @Override
    public OptionalLong gidOf(String name) throws IOException {
        return idOf("group", name);
    }

    /** Both databases hold the id in the third field: {@code name:x:id:…}. */
    private static OptionalLong idOf(String database, String name) throws IOException {
        String lookup = GETENT + " " + database + " " + name;
        Process getent = new ProcessBuilder(GETENT, database, name).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        // Read while it runs: a group with many members could fill the pipe before getent exits.
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> {
            try {
                return getent.getInputStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        try {
            getent.getOutputStream().close();
            if (!getent.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException(lookup + " did not answer within " + TIMEOUT_SECONDS + " s");
            }
            if (getent.exitValue() == NOT_FOUND) {
                return OptionalLong.empty();
            }
            String entry = new String(output.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), StandardCharsets.UTF_8).strip();
            String[] fields = entry.split(":", -1);
            if (getent.exitValue() != 0 || entry.contains("\n") || fields.length < 3 || !fields[0].equals(name)) {
                throw new IOException(lookup + " gave no single entry for it");
            }
            return OptionalLong.of(Long.parseLong(fields[2]));
        } catch (NumberFormatException e) {
            throw new IOException(lookup + " gave no numeric id");
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException(lookup + " could not be read");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during " + lookup);
        } finally {
            getent.destroyForcibly();
        }
    }
}
