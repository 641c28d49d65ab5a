package io.spindle.transcode.service;

import java.util.List;

/**
 * What to run for one task.
 *
 * @param arguments       ffmpeg's arguments, the output file last
 * @param outputFilename  the output's file name (in the task's work directory and in work storage)
 * @param contentType     the output's media type
 * @param expectedSeconds the length of the output, to turn ffmpeg's progress into a percentage; 0 if unknown
 */
public record TranscodePlan(List<String> arguments, String outputFilename, String contentType,
        double expectedSeconds) {
}
