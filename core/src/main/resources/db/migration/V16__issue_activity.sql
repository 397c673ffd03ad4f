-- #22 items 6 and 7: "resolve in the next release" as Sentry means it, and each issue's history (status changes
-- with who made them, regressions, comments) for the issue page's activity timeline.

-- Resolved "in the next release": resolved_in_release holds the release that was current (first seen last) when
-- the issue was resolved; events from it or any release first seen before it leave the issue resolved, an event
-- from a release first seen after it reopens it. Without the flag, resolved_in_release is the fixing release itself.
alter table issues add column resolved_in_next_release boolean not null default false;

-- One row per thing that happened to an issue. kind is an open set (IssueActivity.Kind in the code): no check
-- constraint, so a new kind needs no migration. First seen is not stored: it is the issue's own first_seen and
-- first_release. The issue's deletion takes its history with it; a deleted user leaves their entries, unnamed.
create table issue_activity (
    id             bigserial   primary key,
    issue_id       bigint      not null references issues (id) on delete cascade,
    kind           text        not null,
    actor_user_id  bigint      references users (id) on delete set null,   -- null: Flytrap itself (a regression)
    created_at     timestamptz not null,
    details        jsonb       not null default '{}'
);
create index issue_activity_issue on issue_activity (issue_id, created_at, id);
