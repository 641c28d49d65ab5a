package io.spindle.contract.pipeline;

/**
 * Why a task failed, in words a user can act on.
 *
 * @param kind machine code: {@code input_not_found}, {@code access_denied}, {@code wrong_region},
 *             {@code invalid_media}, {@code invalid_options}, {@code destination_refused}, {@code cancelled}, …
 */
public record TaskError(String kind, String message) {
}
