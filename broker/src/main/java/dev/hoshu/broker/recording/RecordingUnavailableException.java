package dev.hoshu.broker.recording;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * The recording store cannot write: the session must end, and no new one may start (fail closed, REQ-REC-2).
 * The message is one line fit for the engineer: it says what failed and the system's reason, never a broker path.
 */
public final class RecordingUnavailableException extends IOException {

    public RecordingUnavailableException(String what, IOException cause) {
        super(what + ": " + reasonOf(cause), cause);
    }

    /** The operating system's reason ("No space left on device"), without the path a FileSystemException carries. */
    static String reasonOf(IOException e) {
        if (e instanceof RecordingUnavailableException unavailable) {
            return unavailable.getMessage();
        }
        if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
            return fileSystem.getReason();
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name is in the way";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof FileSystemException) {
            return e.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage().replaceAll("[\\r\\n]+", " ") : e.getClass().getSimpleName();
    }
}
