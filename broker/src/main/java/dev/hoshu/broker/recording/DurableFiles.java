package dev.hoshu.broker.recording;

import java.io.IOException;
import java.nio.file.Path;

/** Creates the file of a new recording; never opens an existing one, so a recording is never overwritten. */
@FunctionalInterface
public interface DurableFiles {

    /** @throws java.nio.file.FileAlreadyExistsException when the file exists */
    DurableFile createNew(Path file) throws IOException;

    /** The real disk: owner-only files, and the folder entry forced too so a new file survives a crash. */
    static DurableFiles onDisk() {
        return DiskFile::createNew;
    }
}
