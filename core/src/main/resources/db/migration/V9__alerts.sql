-- Alerts: per-project rules (what deserves a human), channels (where to tell them), and an outbox of
-- notifications written in the same transaction that creates or reopens an issue, drained by a dispatcher.

-- V1 sketched these tables before any code used them; nothing ever wrote to them, so they are replaced.
drop table if exists notification_outbox, alert_rule_channels, alert_rules, alert_channels cascade;

create table alert_rules (
    id                bigserial   primary key,
    project_id        bigint      not null references projects (id) on delete cascade,
    kind              text        not null check (kind in ('new_issue', 'regression', 'frequency')),
    threshold         integer     check (threshold > 0),                       -- frequency: more than this many events
    window_minutes    integer     check (window_minutes between 1 and 1440),   -- ... within this many minutes
    environments      text[]      not null default '{}',                      -- empty: any environment
    levels            text[]      not null default '{}',                      -- empty: any level
    cooldown_minutes  integer     not null default 60 check (cooldown_minutes between 0 and 10080),
    enabled           boolean     not null default true,
    created_at        timestamptz not null default now(),
    check (kind <> 'frequency' or (threshold is not null and window_minutes is not null))
);
create index alert_rules_project on alert_rules (project_id);

create table alert_channels (
    id          bigserial   primary key,
    project_id  bigint      not null references projects (id) on delete cascade,
    kind        text        not null check (kind in ('email', 'slack', 'discord', 'webhook')),
    name        text        not null,
    url         text,                     -- Slack/Discord/webhook target; e-mail goes to the project's members
    secret      text,                     -- webhook signing key (HMAC-SHA256); shown once, never logged
    enabled     boolean     not null default true,
    created_at  timestamptz not null default now(),
    check (kind = 'email' or url is not null)
);
create index alert_channels_project on alert_channels (project_id);

-- When a rule last fired for an issue: a flood of events yields one alert per cool-down, whichever worker sees it.
create table alert_cooldowns (
    rule_id        bigint      not null references alert_rules (id) on delete cascade,
    issue_id       bigint      not null references issues (id) on delete cascade,
    last_fired_at  timestamptz not null,
    primary key (rule_id, issue_id)
);
create index alert_cooldowns_issue on alert_cooldowns (issue_id);

create table notifications (
    id               bigserial   primary key,
    project_id       bigint      not null references projects (id) on delete cascade,
    issue_id         bigint      references issues (id) on delete cascade,        -- null for a test alert
    rule_id          bigint      references alert_rules (id) on delete set null,
    channel_id       bigint      not null references alert_channels (id) on delete cascade,
    recipient        text,                                                      -- e-mail address (e-mail channels)
    reason           text        not null check (reason in ('new_issue', 'regression', 'frequency', 'test')),
    state            text        not null default 'pending' check (state in ('pending', 'sent', 'failed')),
    attempts         integer     not null default 0,
    next_attempt_at  timestamptz not null default now(),
    last_error       text,
    created_at       timestamptz not null default now(),
    sent_at          timestamptz
);
create index notifications_due on notifications (next_attempt_at) where state = 'pending';
create index notifications_project on notifications (project_id, created_at desc);
create index notifications_issue on notifications (issue_id);

-- Every existing project gets the defaults new projects get: new issues and regressions, to members by e-mail.
insert into alert_rules (project_id, kind) select id, 'new_issue' from projects;
insert into alert_rules (project_id, kind) select id, 'regression' from projects;
insert into alert_channels (project_id, kind, name) select id, 'email', 'Members by e-mail' from projects;
