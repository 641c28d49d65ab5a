package io.spindle.gateway.events;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An event, as {@code GET /events/{id}} answers it and as a webhook delivery's body carries it.
 *
 * @param kind the event type, as the CloudEvent's {@code type} on {@code task-events}
 * @param data the object the event is about, as {@code GET /tasks/{id}} or {@code GET /runs/{id}} returned it then
 */
@Schema(name = "Event")
public record EventView(
        @Schema(examples = "evt_abcdefgh12345678") String id,
        @Schema(enumeration = "event") String object,
        @Schema(examples = "task.succeeded") String kind,
        @JsonRawValue @Schema(type = SchemaType.OBJECT, description = "The task or run, as the API returned it then")
        String data,
        Instant createdAt) {

    public static EventView of(Event event) {
        return new EventView(event.id, "event", event.kind, event.data, event.createdAt);
    }
}
