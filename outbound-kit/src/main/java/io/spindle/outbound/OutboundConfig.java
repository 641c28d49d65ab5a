package io.spindle.outbound;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** The address policy of connections made on a user's behalf. */
@ConfigMapping(prefix = "spindle.outbound")
public interface OutboundConfig {

    /**
     * What may be reached although it is not a public address, comma-separated: host names, addresses or CIDR
     * ranges, each optionally with {@code :port} (IPv6 in brackets: {@code [fd00::/8]:9000}). Nothing by default.
     */
    Optional<List<String>> allow();
}
