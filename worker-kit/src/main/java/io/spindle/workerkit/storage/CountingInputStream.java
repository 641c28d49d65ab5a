package io.spindle.workerkit.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/** Tells {@code onCount} how many bytes have been read so far, after every read: progress, limits. */
public final class CountingInputStream extends FilterInputStream {

    private final LongConsumer onCount;
    private long count;

    public CountingInputStream(InputStream in, LongConsumer onCount) {
        super(in);
        this.onCount = onCount;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            onCount.accept(++count);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count += n;
            onCount.accept(count);
        }
        return n;
    }
}
