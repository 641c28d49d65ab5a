package io.spindle.outbound;

import java.io.IOException;
import java.util.Optional;

/**
 * A connection the address policy refused, before any packet was sent. {@link #rule()} names the range's kind
 * ({@code loopback}, {@code private}, {@code link_local}, …); the message names the setting that would allow it.
 * It is an {@link IOException} so that it travels through HTTP clients as their connect failures do; find it
 * again with {@link #in(Throwable)}.
 */
public class ForbiddenAddressException extends IOException {

    /** The machine code every caller reports a refusal with. */
    public static final String KIND = "forbidden_address";

    private final String rule;

    ForbiddenAddressException(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }

    /** The refusal behind {@code error}: itself, a cause, or a suppressed exception of either (a route tried). */
    public static Optional<ForbiddenAddressException> in(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ForbiddenAddressException f) {
                return Optional.of(f);
            }
            for (Throwable suppressed : t.getSuppressed()) {
                Optional<ForbiddenAddressException> found = in(suppressed);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }
}
