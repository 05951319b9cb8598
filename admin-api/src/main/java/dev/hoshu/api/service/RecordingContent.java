package dev.hoshu.api.service;

import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of one recording, wherever the broker keeps it (local disk or object storage): opened only when the
 * answer is written, so a recording of any size streams.
 */
public interface RecordingContent {

    String session();

    /** The size in bytes when it was found. */
    long size();

    InputStream open() throws IOException;
}
