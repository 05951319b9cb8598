package dev.hoshu.bench.process;

/** What a finished external command left behind. */
public record CommandOutput(int exitStatus, String stdout, String stderr) {

    public boolean succeeded() {
        return exitStatus == 0;
    }
}
