-- Issue lifecycle (regressions), affected users, environments and releases as first-class rows.

alter table issues
    add column regressed_at     timestamptz,
    add column times_regressed  integer not null default 0,
    add column user_count       bigint  not null default 0;

-- One row per (issue, user): distinct affected users are counted by what the insert adds, exactly.
create table issue_users (
    issue_id  bigint not null references issues (id) on delete cascade,
    user_key  text   not null,
    primary key (issue_id, user_key)
);

create table environments (
    project_id  bigint      not null references projects (id) on delete cascade,
    name        text        not null,
    created_at  timestamptz not null default now(),
    primary key (project_id, name)
);

-- Which environments an issue was seen in, for the issue list's environment filter.
create table issue_environments (
    issue_id     bigint      not null references issues (id) on delete cascade,
    environment  text        not null,
    first_seen   timestamptz not null,
    last_seen    timestamptz not null,
    primary key (issue_id, environment)
);
create index issue_environments_environment on issue_environments (environment, issue_id);
