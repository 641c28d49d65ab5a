-- API keys made through POST /api-keys (issue 11): a name, an optional expiry, and when the key was last used
-- (written at most once a minute per key).
alter table api_keys add column name varchar(100);
alter table api_keys add column expires_at timestamptz;
alter table api_keys add column last_used_at timestamptz;
