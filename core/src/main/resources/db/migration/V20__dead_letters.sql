-- Dead letters that operators can see and replay (issue #23).
-- first_failed_at / last_failed_at: when the event's current run of attempts first and last failed (a replay starts a
-- new run). queued_at: when the row last entered the queue, which readiness measures the queue's age by: a replayed
-- dead letter keeps its received_at (the event's own time is clamped to it) but is new work, not an old backlog.
-- Defaults, so that code of the previous release, still running during a rolling upgrade, inserts rows as before.
alter table event_queue
    add column first_failed_at timestamptz,
    add column last_failed_at  timestamptz,
    add column queued_at       timestamptz not null default now();
update event_queue set queued_at = received_at;
update event_queue set first_failed_at = available_at, last_failed_at = available_at where state = 'dead';
-- The queue's oldest waiting event, read by readiness and metrics every few seconds, without scanning a backlog.
create index event_queue_pending_age on event_queue (queued_at) where state = 'pending';
-- The dead-letter list, newest failure first.
create index event_queue_dead_recent on event_queue (last_failed_at desc, id desc) where state = 'dead';
