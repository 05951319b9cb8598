package dev.hoshu.bench.process;

/**
 * A path or a step of the harness did not work. The message is the one line the user sees, so a
 * failed run says what broke instead of printing figures that look complete.
 */
public final class PathFailure extends RuntimeException {

    public PathFailure(String oneLine) {
        super(OneLine.of(oneLine));
    }

    public PathFailure(String oneLine, Throwable cause) {
        super(OneLine.of(oneLine), cause);
    }
}
