package io.spindle.workerkit.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;

/** Reads no faster than {@code bytesPerSecond} on average, sleeping when ahead; an interrupt ends the read. */
public final class RateLimitedInputStream extends FilterInputStream {

    private final long bytesPerSecond;
    private final long started = System.nanoTime();
    private long count;

    public RateLimitedInputStream(InputStream in, long bytesPerSecond) {
        super(in);
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("a rate of " + bytesPerSecond + " bytes per second");
        }
        this.bytesPerSecond = bytesPerSecond;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            pace(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        // at most a tenth of a second's worth at once, so the pace is even
        int n = super.read(buffer, offset, (int) Math.min(length, Math.max(1, bytesPerSecond / 10)));
        if (n > 0) {
            pace(n);
        }
        return n;
    }

    private void pace(int read) throws InterruptedIOException {
        count += read;
        long due = started + count * 1_000_000_000L / bytesPerSecond;
        long ahead = due - System.nanoTime();
        if (ahead > 0) {
            try {
                Thread.sleep(ahead / 1_000_000, (int) (ahead % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while pacing the read");
            }
        }
    }
}
