-- Flytrap schema, version 1: the tables for the whole product (ARCHITECTURE.md "Data").
-- Later features add columns with new migrations; nothing here is ever edited after release.

-- ---------------------------------------------------------------- users and access
create table users (
    id             bigserial primary key,
    email          text        not null,
    display_name   text,
    password_hash  text        not null,           -- Argon2id via Spring Security's DelegatingPasswordEncoder
    role           text        not null check (role in ('admin', 'member')),
    created_at     timestamptz not null default now(),
    disabled_at    timestamptz
);
create unique index users_email_key on users (lower(email));

-- Personal API tokens for the management API. Only a SHA-256 of the token is stored: tokens are 256-bit random
-- values, so a fast hash is enough (no dictionary to attack) and lets us look a token up by its hash.
create table api_tokens (
    id            bigserial primary key,
    user_id       bigint      not null references users (id) on delete cascade,
    name          text        not null,
    token_hash    bytea       not null unique,
    token_prefix  text        not null,            -- first characters, shown in lists so users can tell tokens apart
    created_at    timestamptz not null default now(),
    last_used_at  timestamptz,
    expires_at    timestamptz,
    revoked_at    timestamptz
);
create index api_tokens_user on api_tokens (user_id);

-- ---------------------------------------------------------------- projects
create table projects (
    id          bigserial primary key,              -- numeric: Sentry SDKs require a numeric project id in the DSN
    name        text        not null,
    platform    text,
    created_at  timestamptz not null default now()
);

-- Client keys. The public key travels inside browser bundles and DSNs, so it is an identifier rather than a
-- secret (as in Sentry); it is stored as is so the dashboard can show the DSN again at any time.
create table project_keys (
    id                     bigserial primary key,
    project_id             bigint      not null references projects (id) on delete cascade,
    public_key             text        not null unique,
    label                  text        not null default 'Default',
    rate_limit_per_minute  integer check (rate_limit_per_minute > 0),
    created_at             timestamptz not null default now(),
    revoked_at             timestamptz
);
create index project_keys_project on project_keys (project_id);

create table project_members (
    project_id    bigint      not null references projects (id) on delete cascade,
    user_id       bigint      not null references users (id) on delete cascade,
    email_alerts  boolean     not null default true,
    added_at      timestamptz not null default now(),
    primary key (project_id, user_id)
);
create index project_members_user on project_members (user_id);

-- ---------------------------------------------------------------- releases
create table releases (
    id          bigserial primary key,
    project_id  bigint      not null references projects (id) on delete cascade,
    version     text        not null,
    created_at  timestamptz not null default now(),
    unique (project_id, version)
);

-- ---------------------------------------------------------------- issues and events
create table issues (
    id                   bigserial primary key,
    project_id           bigint      not null references projects (id) on delete cascade,
    -- Grouping is versioned: an issue keeps the version that created it, so a better algorithm later does not
    -- split existing issues.
    grouping_version     smallint    not null,
    fingerprint          text        not null,     -- hex SHA-256 of the grouping components
    title                text        not null,
    culprit              text,
    exception_type       text,
    level                text        not null,
    status               text        not null default 'unresolved'
                                     check (status in ('unresolved', 'resolved', 'ignored')),
    unhandled            boolean     not null default false,  -- true once any event of the issue was unhandled
    first_seen           timestamptz not null,
    last_seen            timestamptz not null,
    event_count          bigint      not null default 0,
    first_release        text,
    last_release         text,
    resolved_at          timestamptz,
    resolved_in_release  text,
    ignored_until        timestamptz,
    ignored_until_count  bigint,
    unique (project_id, grouping_version, fingerprint)
);
-- The issue list: newest first, by status, and its other sort orders.
create index issues_project_last_seen on issues (project_id, last_seen desc, id desc);
create index issues_project_status_last_seen on issues (project_id, status, last_seen desc, id desc);
create index issues_project_first_seen on issues (project_id, first_seen desc, id desc);
create index issues_project_event_count on issues (project_id, event_count desc, id desc);

create table events (
    id           bigserial primary key,
    project_id   bigint      not null references projects (id) on delete cascade,
    issue_id     bigint      not null references issues (id) on delete cascade,
    event_id     uuid        not null,
    occurred_at  timestamptz not null,              -- the client's timestamp
    received_at  timestamptz not null,              -- when ingest accepted it
    level        text        not null,
    handled      boolean     not null,
    release      text,
    environment  text,
    user_key     text,                              -- hashed user identity, for distinct-user counts
    payload      jsonb       not null,              -- the normalised event
    unique (project_id, event_id)                   -- idempotency: a redelivered event is stored once
);
create index events_issue_received on events (issue_id, received_at desc, id desc);
create index events_received on events (received_at);   -- retention deletes in bulk by age

-- ---------------------------------------------------------------- the ingest queue (local and container mode)
-- Raw events wait here between ingest and processing. Workers claim rows with FOR UPDATE SKIP LOCKED and a
-- lease (available_at moves into the future), so a crashed worker's rows come back by themselves.
create table event_queue (
    id           bigserial primary key,
    project_id   bigint      not null,              -- no FK: ingest must not wait on project row locks
    event_id     uuid        not null,
    protocol     text        not null,              -- which parser reads the payload
    payload      bytea       not null,              -- the raw body as received (after decompression)
    meta         jsonb       not null default '{}', -- request facts the payload does not carry (client ip, ...)
    received_at  timestamptz not null,
    attempts     integer     not null default 0,
    available_at timestamptz not null,
    state        text        not null default 'pending' check (state in ('pending', 'dead')),
    last_error   text
);
create index event_queue_ready on event_queue (available_at, id) where state = 'pending';
create index event_queue_dead on event_queue (project_id, id) where state = 'dead';

-- ---------------------------------------------------------------- source maps
create table artifacts (
    id           bigserial primary key,
    project_id   bigint      not null references projects (id) on delete cascade,
    release      text,
    dist         text,
    name         text,                              -- URL or path the minified file is served at, e.g. ~/app.js
    debug_id     uuid,
    kind         text        not null check (kind in ('source_map', 'minified_source', 'source', 'bundle')),
    storage      text        not null check (storage in ('database', 's3')),
    storage_key  text,                              -- S3 key when stored in S3
    content      bytea,                             -- the bytes when stored in the database
    size_bytes   bigint      not null,
    sha1         text        not null,
    created_at   timestamptz not null default now()
);
create index artifacts_release_name on artifacts (project_id, release, dist, name);
create index artifacts_debug_id on artifacts (project_id, debug_id) where debug_id is not null;

-- ---------------------------------------------------------------- alerts
create table alert_channels (
    id          bigserial primary key,
    project_id  bigint      not null references projects (id) on delete cascade,
    kind        text        not null check (kind in ('email', 'slack', 'discord', 'webhook')),
    name        text        not null,
    config      jsonb       not null default '{}',  -- target URL etc.; secrets are stored encrypted by the app
    enabled     boolean     not null default true,
    created_at  timestamptz not null default now()
);

create table alert_rules (
    id                bigserial primary key,
    project_id        bigint      not null references projects (id) on delete cascade,
    trigger           text        not null check (trigger in ('new_issue', 'regression', 'frequency')),
    threshold_events  integer,                      -- frequency: more than N events ...
    window_minutes    integer,                      -- ... in T minutes
    environments      text[],                       -- null = any
    levels            text[],                       -- null = any
    cooldown_minutes  integer     not null default 60,
    enabled           boolean     not null default true,
    created_at        timestamptz not null default now()
);

create table alert_rule_channels (
    rule_id     bigint not null references alert_rules (id) on delete cascade,
    channel_id  bigint not null references alert_channels (id) on delete cascade,
    primary key (rule_id, channel_id)
);

-- Written in the processor's transaction, drained by the dispatcher with FOR UPDATE SKIP LOCKED.
create table notification_outbox (
    id            bigserial primary key,
    project_id    bigint      not null references projects (id) on delete cascade,
    issue_id      bigint      references issues (id) on delete cascade,
    rule_id       bigint      references alert_rules (id) on delete set null,
    channel_id    bigint      references alert_channels (id) on delete cascade,
    reason        text        not null,
    payload       jsonb       not null,
    state         text        not null default 'pending' check (state in ('pending', 'sent', 'failed')),
    attempts      integer     not null default 0,
    available_at  timestamptz not null default now(),
    last_error    text,
    created_at    timestamptz not null default now(),
    sent_at       timestamptz
);
create index notification_outbox_ready on notification_outbox (available_at, id) where state = 'pending';

-- ---------------------------------------------------------------- audit
create table audit_log (
    id             bigserial primary key,
    at             timestamptz not null default now(),
    actor_user_id  bigint references users (id) on delete set null,
    action         text        not null,
    project_id     bigint,
    target         text,
    details        jsonb       not null default '{}',
    remote_address text
);
create index audit_log_at on audit_log (at desc);
