package io.spindle.workerkit.media;

import java.nio.file.Path;
import org.bytedeco.javacpp.Loader;

/**
 * Bytedeco's bundled FFmpeg executables (GPL build: libx264, libx265, libvpx, libsvtav1, …), extracted once
 * into JavaCPP's cache ({@code org.bytedeco.javacpp.cachedir}, default {@code ~/.javacpp/cache}). They run as
 * child processes: GPL code and native crashes stay out of the JVM.
 *
 * <p>On a fresh Debian machine the executables need {@code libpulse0} (and {@code libva2 libva-drm2});
 * {@code deploy/local/stack prerequisites} installs them.
 */
public final class Ffmpeg {

    private static volatile Path ffmpeg;
    private static volatile Path ffprobe;

    private Ffmpeg() {
    }

    public static Path ffmpeg() {
        if (ffmpeg == null) {
            ffmpeg = Path.of(Loader.load(org.bytedeco.ffmpeg.ffmpeg.class));
        }
        return ffmpeg;
    }

    public static Path ffprobe() {
        if (ffprobe == null) {
            ffprobe = Path.of(Loader.load(org.bytedeco.ffmpeg.ffprobe.class));
        }
        return ffprobe;
    }
}
