package io.spindle.gateway.deadletters;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.spindle.contract.pipeline.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * {@code spindle_dead_letters{topic="ingest-tasks-dlq"}}: how many records each dead-letter topic holds, for
 * every service's consumers at once (one gateway counts them from the topics' offsets, every
 * {@code spindle.dead-letters.interval}). A rise means a record some consumer can never handle: alert on it,
 * read it with {@code deploy/local/stack dlq list} (or any Kafka client), fix the cause, replay it.
 */
@ApplicationScoped
public class DeadLetterGauges {

    private static final Logger LOG = Logger.getLogger(DeadLetterGauges.class);
    static final List<String> TOPICS = Topics.CONSUMED.stream().map(Topics::deadLetter).toList();

    private final Map<String, AtomicLong> records = new HashMap<>();
    private final Admin admin;

    public DeadLetterGauges(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap, MeterRegistry metrics) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG, "spindle-dead-letter-gauges",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000"));
        for (String topic : TOPICS) {
            AtomicLong count = new AtomicLong();
            records.put(topic, count);
            Gauge.builder("spindle.dead.letters", count, AtomicLong::get).tag("topic", topic)
                    .description("Records in the dead-letter topic: records a consumer could never handle")
                    .register(metrics);
        }
    }

    @Scheduled(every = "${spindle.dead-letters.interval:30s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void count() {
        try {
            Map<String, TopicDescription> topics = admin.describeTopics(TOPICS).allTopicNames()
                    .get(15, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            topics.values().forEach(t -> t.partitions().forEach(p -> {
                earliest.put(new TopicPartition(t.name(), p.partition()), OffsetSpec.earliest());
                latest.put(new TopicPartition(t.name(), p.partition()), OffsetSpec.latest());
            }));
            Map<TopicPartition, ListOffsetsResultInfo> first = admin.listOffsets(earliest).all()
                    .get(15, TimeUnit.SECONDS);
            Map<TopicPartition, ListOffsetsResultInfo> end = admin.listOffsets(latest).all().get(15, TimeUnit.SECONDS);
            Map<String, Long> counts = new HashMap<>();
            end.forEach((p, info) -> counts.merge(p.topic(), info.offset() - first.get(p).offset(), Long::sum));
            counts.forEach((topic, count) -> records.get(topic).set(count));
        } catch (Exception e) {
            // Kafka away: the gauges keep their last values; the outbox and readiness say Kafka is away
            LOG.debugf("dead-letter topics not counted: %s", e.getMessage());
        }
    }

    @PreDestroy
    void close() {
        admin.close();
    }
}
