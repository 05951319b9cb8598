package dev.hoshu.tools;

/** A tool that must not run; the message is one line meant for the engineer (e.g. {@code refused: unknown tool 'x'}). */
public class ToolRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    public ToolRefusedException(String oneLineReason) {
        super(oneLineReason);
    }
}
