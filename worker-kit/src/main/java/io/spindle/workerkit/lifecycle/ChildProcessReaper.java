package io.spindle.workerkit.lifecycle;

import io.quarkus.runtime.ShutdownEvent;
import io.spindle.workerkit.media.Subprocess;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * On shutdown, kills the FFmpeg processes still running. Their records were not committed, so Kafka hands the
 * tasks to another instance, which does them again from the start (outputs use deterministic keys).
 */
@ApplicationScoped
public class ChildProcessReaper {

    private static final Logger LOG = Logger.getLogger(ChildProcessReaper.class);

    void onStop(@Observes ShutdownEvent event) {
        LOG.info("stopping: killing running child processes; their tasks will be redelivered");
        Subprocess.killAll();
    }
}
