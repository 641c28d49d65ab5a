-- Issue 12. The public events, kept for GET /events (spindle.events.retention): written with the outbox record that
-- publishes each one on task-events, so the same id names the CloudEvent, the API's event and every webhook delivery.
create table events (
    seq         bigint generated always as identity primary key,
    id          varchar(24)  not null unique,
    project_id  varchar(24)  not null,
    kind        varchar(64)  not null,
    run_id      varchar(24),
    task_id     varchar(24),
    -- the event's data: the API object, as JSON
    data        text         not null,
    created_at  timestamptz  not null
);
create index events_project on events (project_id, seq);
create index events_run on events (run_id, seq) where run_id is not null;
create index events_task on events (task_id, seq) where task_id is not null;
create index events_created on events (created_at);

create table webhook_endpoints (
    id                    varchar(24)  primary key,
    project_id            varchar(24)  not null references projects (id),
    url                   text         not null,
    -- JSON array of event types, or ["*"]
    topics                text         not null,
    enabled               boolean      not null,
    -- the signing secret, sealed (AES-256-GCM, the endpoint id as associated data) under secret_key_id
    secret_key_id         varchar(64)  not null,
    secret                bytea        not null,
    -- the secret before the last rotation, valid until previous_expires_at
    previous_key_id       varchar(64),
    previous_secret       bytea,
    previous_expires_at   timestamptz,
    -- since when every delivery attempt has failed (null after a success); disabled after spindle.webhooks.disable-after
    failing_since         timestamptz,
    disabled_reason       text,
    request_id            varchar(128),
    created_at            timestamptz  not null,
    updated_at            timestamptz  not null
);
create index webhook_endpoints_project on webhook_endpoints (project_id, created_at desc, id desc);
create unique index webhook_endpoints_request on webhook_endpoints (project_id, request_id) where request_id is not null;

-- one event for one endpoint: unique, so a task-events record read twice makes one delivery
create table webhook_deliveries (
    id               varchar(24)  primary key,
    endpoint_id      varchar(24)  not null references webhook_endpoints (id) on delete cascade,
    event_id         varchar(24)  not null,
    event_kind       varchar(64)  not null,
    -- the exact bytes sent (and signed) at every attempt
    body             bytea        not null,
    status           varchar(12)  not null,
    attempts         integer      not null default 0,
    next_attempt_at  timestamptz,
    -- a delivery being attempted is leased to one gateway replica until then
    leased_until     timestamptz,
    created_at       timestamptz  not null,
    updated_at       timestamptz  not null,
    unique (endpoint_id, event_id)
);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_endpoint on webhook_deliveries (endpoint_id, created_at desc, id desc);

create table webhook_attempts (
    id             bigint generated always as identity primary key,
    delivery_id    varchar(24)  not null references webhook_deliveries (id) on delete cascade,
    number         integer      not null,
    attempted_at   timestamptz  not null,
    succeeded      boolean      not null,
    response_code  integer,
    duration_ms    integer      not null,
    error          text
);
create index webhook_attempts_delivery on webhook_attempts (delivery_id, number);

-- POST /tasks/{id}/cancel and /runs/{id}/cancel with an Idempotency-Key: the key the cancellation was made with
alter table tasks add column cancel_request_id varchar(128);
alter table runs add column cancel_request_id varchar(128);
