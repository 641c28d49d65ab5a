package io.spindle.contract.pipeline;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What a probe found in a media file. Absent facts are null (an audio file has no width).
 *
 * @param duration  seconds
 * @param frameRate frames per second of the first video stream
 * @param bitrate   bits per second, overall
 * @param size      bytes
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record MediaInfo(
        String container,
        Double duration,
        Integer width,
        Integer height,
        Double frameRate,
        String videoCodec,
        String audioCodec,
        Integer audioChannels,
        Integer sampleRate,
        Long bitrate,
        Long size) {

    public boolean hasVideo() {
        return videoCodec != null;
    }

    public boolean hasAudio() {
        return audioCodec != null;
    }
}
