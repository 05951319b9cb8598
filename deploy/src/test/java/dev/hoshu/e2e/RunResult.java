package dev.hoshu.e2e;

/** What a finished command printed and how it exited. */
record RunResult(int exitCode, String stdout, String stderr) {

    String all() {
        return stdout + stderr;
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
}
