create table connections (
    id                 varchar(20)  primary key,
    project_id         varchar(20)  not null,
    name               varchar(200) not null,
    kind               varchar(20)  not null,
    endpoint           varchar(2048) not null,
    region             varchar(64)  not null,
    addressing_style   varchar(10)  not null,
    access_key_id      varchar(256) not null,
    -- AES-256-GCM: 12-byte nonce followed by ciphertext and tag; the connection id is the associated data
    secret_ciphertext  bytea        not null,
    secret_key_id      varchar(64)  not null,
    is_default         boolean      not null default false,
    created_at         timestamptz  not null,
    updated_at         timestamptz  not null
);

-- newest first, per project, with a stable tie-breaker for cursor pagination
create index connections_project_created on connections (project_id, created_at desc, id desc);

-- at most one default per project, whatever the application does
create unique index connections_one_default on connections (project_id) where is_default;
