package io.spindle.connections.storage;

import java.util.List;

/**
 * What {@code POST /connections/{id}/test} found, check by check, in order: {@code reachable},
 * {@code authenticated}, {@code bucket_exists}, {@code can_write}, {@code can_delete}.
 */
public record ConnectionTestReport(String object, String connectionId, boolean ok, String bucket, List<Check> checks) {

    /**
     * @param status {@code passed}, {@code failed} or {@code skipped}
     * @param kind   for a failure, a stable code ({@code wrong_secret}, {@code bucket_not_found}, …)
     * @param code   for a failure, the storage's own error code
     */
    public record Check(String name, String status, String kind, String code, String message, String advice) {

        static Check passed(String name, String message) {
            return new Check(name, "passed", null, null, message, null);
        }

        static Check skipped(String name, String why) {
            return new Check(name, "skipped", null, null, why, null);
        }
    }
}
