-- One row per group commit (issue #24): ingest stores each group commit's events as one framed bytea (QueueBatchCodec)
-- instead of one event_queue row per event, so PostgreSQL writes one heap tuple and two index entries per batch
-- rather than a tuple, three index entries and a jsonb parse per event.
create table queue_batches (
    id           bigserial primary key,
    event_count  integer     not null,
    events       bytea       not null,
    attempts     integer     not null default 0,
    available_at timestamptz not null,
    queued_at    timestamptz not null
);
-- A batch is larger than a page, so it goes out of line (TOAST) anyway; uncompressed, as pglz would cost CPU on
-- every batch for JSON that compresses, but whose writes are not what limits ingest.
alter table queue_batches alter column events set storage external;
create index queue_batches_ready on queue_batches (available_at, id);
