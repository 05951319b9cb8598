package dev.hoshu.broker.recording;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The real disk with a hand on it: writes holding a marker can be held until released (storage paused),
 * and writes can fail half-way as a full disk does. Counts writes and forces to show the group commit.
 */
public final class FaultyDisk implements DurableFiles {

    private final AtomicReference<String> holdMarker = new AtomicReference<>();
    private final AtomicReference<CountDownLatch> release = new AtomicReference<>(new CountDownLatch(0));
    private final CountDownLatch held = new CountDownLatch(1);
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicInteger forces = new AtomicInteger();

    /** Holds the first write whose bytes contain {@code marker}, and every write after it, until {@link #release()}. */
    public void holdWritesContaining(String marker) {
        release.set(new CountDownLatch(1));
        holdMarker.set(marker);
    }

    /** Waits until a write is held; false when none was within the timeout. */
    public boolean awaitHeld(Duration timeout) throws InterruptedException {
        return held.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void release() {
        holdMarker.set(null);
        release.get().countDown();
    }

    /** From now on every write puts half its bytes on disk and then fails with {@code reason}. */
    public void failWrites(String reason) {
        failure.set(reason);
    }

    public void heal() {
        failure.set(null);
    }

    public int writes() {
        return writes.get();
    }

    public int forces() {
        return forces.get();
    }

    @Override
    public DurableFile createNew(Path file) throws IOException {
        // A full disk still creates files (inodes are left); it is the writes that fail.
        DurableFile disk = DurableFiles.onDisk().createNew(file);
        return new DurableFile() {
            @Override
            public void append(ByteBuffer bytes) throws IOException {
                writes.incrementAndGet();
                holdIfMarked(bytes);
                String reason = failure.get();
                if (reason != null) {
                    ByteBuffer half = bytes.duplicate();
                    half.limit(half.position() + half.remaining() / 2);
                    disk.append(half);
                    throw new IOException(reason);
                }
                disk.append(bytes);
            }

            @Override
            public void force() throws IOException {
                forces.incrementAndGet();
                disk.force();
            }

            @Override
            public void truncate(long size) throws IOException {
                disk.truncate(size);
            }

            @Override
            public void close() throws IOException {
                disk.close();
            }
        };
    }

    private void holdIfMarked(ByteBuffer bytes) throws IOException {
        String marker = holdMarker.get();
        if (marker == null || !StandardCharsets.UTF_8.decode(bytes.duplicate()).toString().contains(marker)) {
            return;
        }
        held.countDown();
        try {
            release.get().await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while held", e);
        }
    }
}
