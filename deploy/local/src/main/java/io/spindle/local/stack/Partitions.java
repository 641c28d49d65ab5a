package io.spindle.local.stack;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;

/** Which partitions each worker instance owns, from its consumer group (members are named by client id). */
final class Partitions {

    private Partitions() {
    }

    /** Instance name → its partitions as ranges ({@code 0-3,8}); empty when Kafka does not answer in time. */
    static Map<String, String> owned(String bootstrap) {
        Map<String, String> owned = new HashMap<>();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "4000"))) {
            List<String> groups = Component.of(Component.Kind.WORKER).stream().map(Component::consumerGroup).toList();
            Map<String, ConsumerGroupDescription> described = admin.describeConsumerGroups(groups).all()
                    .get(6, TimeUnit.SECONDS);
            for (ConsumerGroupDescription group : described.values()) {
                for (MemberDescription member : group.members()) {
                    owned.put(member.clientId(), ranges(member.assignment().topicPartitions().stream()
                            .map(TopicPartition::partition).toList()));
                }
            }
        } catch (Exception e) {
            // status still shows processes and health
        }
        return owned;
    }

    /** {@code [0,1,2,3,8]} → {@code 0-3,8}; no partitions → {@code none}. */
    static String ranges(List<Integer> partitions) {
        List<Integer> sorted = partitions.stream().sorted().toList();
        if (sorted.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        int start = sorted.get(0);
        int prev = start;
        for (int p : sorted.subList(1, sorted.size())) {
            if (p != prev + 1) {
                parts.add(start == prev ? Integer.toString(start) : start + "-" + prev);
                start = p;
            }
            prev = p;
        }
        parts.add(start == prev ? Integer.toString(start) : start + "-" + prev);
        return "partitions " + String.join(",", parts) + " (" + sorted.size() + ")";
    }
}
