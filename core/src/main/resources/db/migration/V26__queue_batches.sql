-- One queue row per group commit (issue #24). Ingest stored one event_queue row per event: a heap tuple, three index
-- entries and a jsonb parse of its meta each. It now stores each group commit's events as one row of queue_batches,
-- framed by Java (QueueBatchCodec) in one bytea: one tuple (its bytes out of line) and three index entries per batch.
-- A batch is leased and retried whole; a failure of some of its events moves only those into event_queue, with
-- their retry or dead-letter state, in the transaction that deletes the batch. event_queue keeps everything it held
-- before (events queued by the previous release drain as before), retries and dead letters.
create table queue_batches (
    id           bigserial primary key,
    event_count  integer     not null check (event_count > 0),
    events       bytea       not null,              -- QueueBatchCodec's framing
    attempts     integer     not null default 0,    -- handed out, as event_queue.attempts; the lease's fence
    available_at timestamptz not null,              -- the lease, as event_queue.available_at
    queued_at    timestamptz not null               -- when its first event was received: readiness's queue age
);
-- A batch is larger than a page, so its bytes go out of line (TOAST) whatever the storage; uncompressed, as pglz
-- would cost CPU on every batch, and CPU, not the disk, is what limits ingest.
alter table queue_batches alter column events set storage external;
create index queue_batches_ready on queue_batches (available_at, id);
create index queue_batches_age on queue_batches (queued_at);

-- The events of a batch as rows, for people and tests reading the queue with SQL; the application decodes in Java.
create function queue_batch_events(framed bytea)
    returns table (batch_position integer, project_id bigint, event_id uuid, received_at timestamptz, protocol text,
                   meta jsonb, payload bytea)
    language plpgsql immutable strict as $$
declare
    o integer := 5; -- past the version byte and the count
    n integer;
    pairs integer;
    len integer;
    k text;
    v text;
begin
    if get_byte(framed, 0) <> 1 then
        raise exception 'queue batch of unknown version %', get_byte(framed, 0);
    end if;
    n := ('x' || encode(substring(framed from 2 for 4), 'hex'))::bit(32)::integer;
    for i in 0 .. n - 1 loop
        batch_position := i;
        project_id := ('x' || encode(substring(framed from o + 1 for 8), 'hex'))::bit(64)::bigint;
        event_id := encode(substring(framed from o + 9 for 16), 'hex')::uuid;
        received_at := to_timestamp(('x' || encode(substring(framed from o + 25 for 8), 'hex'))::bit(64)::bigint)
            + (('x' || encode(substring(framed from o + 33 for 4), 'hex'))::bit(32)::integer / 1000) * interval '1 microsecond';
        o := o + 36;
        len := ('x' || encode(substring(framed from o + 1 for 4), 'hex'))::bit(32)::integer;
        protocol := convert_from(substring(framed from o + 5 for len), 'UTF8');
        o := o + 4 + len;
        pairs := ('x' || encode(substring(framed from o + 1 for 4), 'hex'))::bit(32)::integer;
        o := o + 4;
        meta := '{}'::jsonb;
        for p in 1 .. pairs loop
            len := ('x' || encode(substring(framed from o + 1 for 4), 'hex'))::bit(32)::integer;
            k := convert_from(substring(framed from o + 5 for len), 'UTF8');
            o := o + 4 + len;
            len := ('x' || encode(substring(framed from o + 1 for 4), 'hex'))::bit(32)::integer;
            v := convert_from(substring(framed from o + 5 for len), 'UTF8');
            o := o + 4 + len;
            meta := meta || jsonb_build_object(k, v);
        end loop;
        len := ('x' || encode(substring(framed from o + 1 for 4), 'hex'))::bit(32)::integer;
        payload := substring(framed from o + 5 for len);
        o := o + 4 + len;
        return next;
    end loop;
end
$$;

-- Every event in the queue, whichever table holds it, in event_queue's columns: a batch's events are pending and
-- share its attempts, lease and queue time. id is event_queue's; batch_id and batch_position name a batch's event.
create view queued_events as
select id, null::bigint as batch_id, null::integer as batch_position, project_id, event_id, protocol, payload, meta,
       received_at, attempts, available_at, state, last_error, first_failed_at, last_failed_at, queued_at
from event_queue
union all
select null, b.id, e.batch_position, e.project_id, e.event_id, e.protocol, e.payload, e.meta, e.received_at,
       b.attempts, b.available_at, 'pending', null, null, null, b.queued_at
from queue_batches b cross join lateral queue_batch_events(b.events) e;
