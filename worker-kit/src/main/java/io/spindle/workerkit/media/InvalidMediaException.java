package io.spindle.workerkit.media;

/** The input is not media FFmpeg can read: the task fails with {@code invalid_media}. */
public class InvalidMediaException extends RuntimeException {

    public static final String KIND = "invalid_media";

    public InvalidMediaException(String message) {
        super(message);
    }
}
