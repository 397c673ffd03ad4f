-- The issue list's filters and sorts (issue #4).

-- Which releases an issue was seen in, for the release filter; kept like issue_environments by the processor.
create table issue_releases (
    issue_id    bigint      not null references issues (id) on delete cascade,
    release     text        not null,
    first_seen  timestamptz not null,
    last_seen   timestamptz not null,
    primary key (issue_id, release)
);
create index issue_releases_release on issue_releases (release, issue_id);

insert into issue_releases (issue_id, release, first_seen, last_seen)
select issue_id, release, min(received_at), max(received_at) from events
where release is not null
group by issue_id, release;

-- Sorting by affected users, like the other three sort orders
create index issues_project_user_count on issues (project_id, user_count desc, id desc);
