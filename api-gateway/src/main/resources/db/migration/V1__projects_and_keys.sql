create table projects (
    id          varchar(20) primary key,
    created_at  timestamptz not null
);

create table api_keys (
    id          varchar(20) primary key,
    project_id  varchar(20) not null references projects (id),
    -- SHA-256 of the key: keys are long random strings, so a fast hash is safe and lets us look them up
    key_hash    varchar(64) not null unique,
    -- the first characters of the key, to tell keys apart in listings and logs
    key_hint    varchar(24),
    created_at  timestamptz not null,
    revoked_at  timestamptz
);
