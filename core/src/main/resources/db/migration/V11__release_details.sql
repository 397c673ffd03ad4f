-- What a build pipeline tells about a release (sentry-cli releases new / finalize / set-commits, deploys new),
-- on the release rows events already create: they stay one per (project, version) whoever creates them first.

alter table releases
    add column date_started  timestamptz,
    add column date_released timestamptz,   -- set by finalize; null while the release is unreleased
    add column url           text;

-- The commits of a release as the CLI sends them; set-commits replaces the whole list.
create table release_commits (
    release_id    bigint  not null references releases (id) on delete cascade,
    position      integer not null,          -- the order the CLI sent them in: newest first
    commit_id     text    not null,
    repository    text,
    message       text,
    author_name   text,
    author_email  text,
    committed_at  timestamptz,
    primary key (release_id, position)
);

create table release_deploys (
    id            bigserial primary key,
    release_id    bigint      not null references releases (id) on delete cascade,
    environment   text        not null,
    name          text,
    url           text,
    date_started  timestamptz,
    date_finished timestamptz not null,
    created_at    timestamptz not null default now()
);
create index release_deploys_release on release_deploys (release_id, date_finished desc);
