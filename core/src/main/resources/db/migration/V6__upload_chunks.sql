-- Chunks of files uploaded by sentry-cli (chunk-upload endpoint), named by the SHA-1 of their content, waiting
-- to be assembled into an artifact bundle. Kept until assembled or a day old.
create table upload_chunks (
    sha1        text        primary key,
    content     bytea       not null,
    created_at  timestamptz not null default now()
);
create index upload_chunks_created on upload_chunks (created_at);
