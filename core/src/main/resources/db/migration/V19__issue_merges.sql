-- Merging issues (issue #22, item 7). Merging B and C into A hides B and C (status 'merged', merged_into A) and makes
-- A's row, and its per-issue side tables, the sum of its members; nothing is moved out of B or C, so an undo
-- restores them exactly. Events stay on the issue their fingerprint names (events belong to the processor): A's
-- events are those of A and of the issues merged into it, and each event is in exactly one issue's member set.
alter table issues drop constraint issues_status_check;
alter table issues add constraint issues_status_check
    check (status in ('unresolved', 'resolved', 'ignored', 'merged'));

-- The issue this one is merged into. Deleting that issue deletes its merged issues too (and, through them, their
-- events): from the user's side they were part of it. The redirect of future events reads this column.
alter table issues add column merged_into bigint references issues (id) on delete cascade;
create index issues_merged_into on issues (merged_into) where merged_into is not null;

-- What an undo needs for each issue merged into another: its status before, and whether it is the primary's own
-- copy. The primary's own counts, tags, users, environments, releases and hourly counts move into a hidden copy
-- (shadow) that takes over its fingerprint, so the primary row can hold the sum and an undo can give the primary
-- back exactly what was its own, including what arrived for it while merged.
create table issue_merges (
    issue_id       bigint      primary key references issues (id) on delete cascade,
    shadow         boolean     not null,
    status_before  text        not null,
    merged_at      timestamptz not null
);
