package dev.hoshu.bench.measure;

import dev.hoshu.bench.process.OneLine;
import dev.hoshu.bench.process.PathFailure;

/** Turns a run that did not do what the tool promises into a one-line failure naming path and run. */
final class RunCheck {

    private RunCheck() {
    }

    static RunResult requireOutput(String where, RunResult result, String expectedStdout) {
        requireSuccess(where, result);
        if (!result.stdoutHead().equals(expectedStdout)) {
            throw new PathFailure(where + ": the tool printed " + OneLine.of(result.stdoutHead()) + " instead of "
                    + OneLine.of(expectedStdout));
        }
        return result;
    }

    static RunResult requireBytes(String where, RunResult result, long expectedBytes) {
        requireSuccess(where, result);
        if (result.stdoutBytes() != expectedBytes) {
            throw new PathFailure(where + ": received " + result.stdoutBytes() + " bytes instead of " + expectedBytes);
        }
        return result;
    }

    static void requireSuccess(String where, RunResult result) {
        if (result.exitStatus() != 0) {
            throw new PathFailure(where + ": ssh exited " + result.exitStatus() + ": " + OneLine.lastOf(result.stderr()));
        }
    }
}
