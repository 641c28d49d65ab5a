-- runs requested with POST /runs or on run-requests: free-form metadata, and the producer's id for idempotency
alter table runs add column metadata text;
alter table runs add column request_id varchar(128);
create unique index runs_request on runs (project_id, request_id) where request_id is not null;

-- public events leave through the outbox too: their CloudEvents attributes (null for commands)
alter table outbox add column event_type varchar(64);
alter table outbox add column event_id varchar(64);
alter table outbox add column event_source varchar(256);
alter table outbox add column event_subject varchar(64);
