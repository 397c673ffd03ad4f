-- Why events failed on a queue that keeps no state of its own (SQS): SQS message attributes cannot change after a
-- message is sent, so the processor writes each failure here and the dead-letter list reads it beside the message
-- waiting in the dead-letter queue. Keyed by the event, not by the SQS message: a moved message may get a new id.
-- No foreign key to projects: a deleted project's dead letters stay listed until someone deletes them.
create table queue_failures (
    project_id      bigint      not null,
    event_id        uuid        not null,
    last_error      text        not null,
    attempts        integer     not null,
    first_failed_at timestamptz not null,
    last_failed_at  timestamptz not null,
    primary key (project_id, event_id)
);
-- Rows of events that later succeeded are pruned by age (SQS keeps a message 14 days at most)
create index queue_failures_last_failed_at on queue_failures (last_failed_at);
