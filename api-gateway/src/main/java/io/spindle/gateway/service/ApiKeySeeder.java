package io.spindle.gateway.service;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.spindle.gateway.config.ApiKeysConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.jboss.logging.Logger;

/** Registers the API keys declared in configuration when the gateway starts; a bad entry stops the start. */
@ApplicationScoped
public class ApiKeySeeder {

    private static final Logger LOG = Logger.getLogger(ApiKeySeeder.class);

    private final ApiKeysConfig config;
    private final ApiKeyService service;

    public ApiKeySeeder(ApiKeysConfig config, ApiKeyService service) {
        this.config = config;
        this.service = service;
    }

    void onStart(@Observes StartupEvent event) throws Throwable {
        List<String> entries = config.seed().orElse(List.of());
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i).trim();
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                throw new IllegalStateException("spindle.api-keys.seed[" + i + "] must be 'project-id:api-key' or"
                        + " 'project-id:sha256:<hex>'");
            }
            String project = entry.substring(0, colon);
            String key = entry.substring(colon + 1);
            try {
                VertxContextSupport.subscribeAndAwait(() -> service.register(project, key));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("spindle.api-keys.seed[" + i + "]: " + e.getMessage());
            }
        }
        LOG.infof("%d API key(s) from configuration registered", entries.size());
    }
}
