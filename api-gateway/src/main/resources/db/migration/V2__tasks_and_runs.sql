create table runs (
    id               varchar(24) primary key,
    project_id       varchar(24) not null references projects (id),
    status           varchar(12) not null,
    progress         integer     not null default 0,
    -- for runs made by POST /tasks: the task the client was given, which stands for the whole run
    primary_task_id  varchar(24),
    error_kind       varchar(64),
    error_message    text,
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    started_at       timestamptz,
    finished_at      timestamptz
);
create index runs_project_created on runs (project_id, created_at desc, id desc);

create table tasks (
    id             varchar(24) primary key,
    project_id     varchar(24) not null references projects (id),
    run_id         varchar(24) not null references runs (id),
    parent_id      varchar(24) references tasks (id),
    position       integer     not null,
    kind           varchar(12) not null,
    status         varchar(12) not null,
    progress       integer,
    -- JSON documents, written and read with the pipeline contract's codec
    options        text        not null,
    inputs         text        not null,
    outputs        text        not null,
    error_kind     varchar(64),
    error_message  text,
    created_at     timestamptz not null,
    updated_at     timestamptz not null,
    started_at     timestamptz,
    finished_at    timestamptz
);
create index tasks_project_created on tasks (project_id, created_at desc, id desc);
create index tasks_run on tasks (run_id, position);

-- transactional outbox: records written with the state that produced them, published by OutboxRelay
create table outbox (
    id          bigint generated always as identity primary key,
    topic       varchar(249) not null,
    record_key  varchar(64)  not null,
    payload     bytea        not null,
    created_at  timestamptz  not null
);
