package io.spindle.workerkit.media;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What FFmpeg may open when it reads a user's media, and how its words about that input are quoted.
 *
 * <p>FFmpeg follows references inside some formats: an HLS or DASH playlist, a concat list, an image sequence
 * pattern make it open whatever URLs or files they name, from inside the cluster. So every ffprobe and ffmpeg
 * run on an input gets {@code -protocol_whitelist} (http(s) for a work-storage URL, {@code file} for a local
 * path) and {@code -format_whitelist} with the demuxers of the media Spindle takes, none of which opens other
 * inputs. A playlist is refused before it opens anything.
 *
 * <p>The input of a run is usually a presigned work-storage URL: its query holds a signature and the work
 * storage's access key id. {@link #redact} takes it (and any other signed URL) out of tool output before the
 * output becomes part of a message a user or an event sees.
 */
public final class MediaInput {

    /** Demuxers of containers, audio and image files that read only their own input. */
    public static final List<String> FORMATS = List.of("mov", "matroska", "avi", "mpegts", "mpeg", "flv", "ogg",
            "wav", "w64", "aiff", "caf", "mp3", "aac", "flac", "ac3", "eac3", "dts", "amr", "asf", "mxf", "ivf",
            "h264", "hevc", "m4v", "png_pipe", "jpeg_pipe", "webp_pipe", "gif", "bmp_pipe", "tiff_pipe", "image2");
    /** Formats that list other inputs: what the whitelist is there to stop. */
    static final Set<String> LISTS = Set.of("hls", "dash", "concat");
    /** How FFmpeg says the whitelist refused a format: {@code [hls @ 0x55…] Format not on whitelist '…'}. */
    private static final Pattern REFUSED = Pattern.compile("\\[(\\w+) @ [^]]*] Format not on whitelist");
    private static final Pattern SIGNED_URL = Pattern.compile("https?://\\S*X-Amz-\\S*?(?=:?(\\s|$))");

    private MediaInput() {
    }

    /** The options to put before {@code -i input}. */
    public static List<String> options(String input) {
        String protocols = input.startsWith("https://") || input.startsWith("http://") ? "http,https,tcp,tls"
                : "file";
        return List.of("-protocol_whitelist", protocols, "-format_whitelist", String.join(",", FORMATS));
    }

    /**
     * What a refusal by the whitelist means for the user, or empty when FFmpeg's output tells of none: a list of
     * other inputs (a playlist, a concat list) is named as such; another format (text FFmpeg reads as {@code tty})
     * is not media.
     */
    public static Optional<String> refusal(String toolOutput) {
        Matcher m = REFUSED.matcher(toolOutput);
        if (!m.find()) {
            return Optional.empty();
        }
        String format = m.group(1);
        return Optional.of(LISTS.contains(format)
                ? "The input is a playlist or a list of other files (" + format + "), which Spindle does not follow:"
                        + " give it the media file itself."
                : "The input is not a media file Spindle reads (FFmpeg took it for '" + format + "').");
    }

    /** {@code text} with {@code input} and every signed URL replaced by {@code <input>}. */
    public static String redact(String text, String input) {
        String plain = input == null || input.isEmpty() ? text : text.replace(input, "<input>");
        return SIGNED_URL.matcher(plain).replaceAll("<input>");
    }
}
