-- The issue search syntax (issue #22): tag:value, user.email:, user.id:, browser:, has:... and free text over
-- the message. The issue list must not read events (1,000,000 of them in a project are read in seconds), so what
-- the filters ask about is recorded per issue, like issue_environments and issue_releases.

-- The latest event's log message, searched by free text beside the title and culprit.
alter table issues add column message text;

-- Each distinct tag of an issue's events, and the user fields and contexts the search names like tags:
-- user.email, user.id, user.username, browser, os, device (as the facets show them). Values longer than Sentry's
-- 200-character limit are not recorded.
create table issue_tags (
    issue_id    bigint not null references issues (id) on delete cascade,
    project_id  bigint not null,
    key         text   not null,
    value       text   not null,
    primary key (issue_id, key, value)
);
-- From a value to its issues (browser:Chrome over a project). Beside its values, each key an issue has gets one row
-- with the empty value (real values are never empty): has:user.email reads one row per issue, not every user.
create index issue_tags_project_key_value on issue_tags (project_id, key, value, issue_id);

insert into issue_tags (issue_id, project_id, key, value)
select distinct issue_id, project_id, key, value from (
    select e.issue_id, e.project_id, t.key, t.value
    from events e, jsonb_each_text(case when jsonb_typeof(e.payload->'tags') = 'object' then e.payload->'tags' else '{}' end) t
    union all select issue_id, project_id, 'user.email', payload->'user'->>'email' from events
    union all select issue_id, project_id, 'user.id', payload->'user'->>'id' from events
    union all select issue_id, project_id, 'user.username', payload->'user'->>'username' from events
    union all select issue_id, project_id, 'browser', payload->'client'->>'browser' from events
    union all select issue_id, project_id, 'os', payload->'client'->>'os' from events
    union all select issue_id, project_id, 'device', coalesce(payload->'contexts'->'device'->>'model',
                                                              payload->'contexts'->'device'->>'family') from events
) f
where value is not null and value <> '' and length(key) <= 200 and length(value) <= 200;

insert into issue_tags (issue_id, project_id, key, value)
select distinct issue_id, project_id, key, '' from issue_tags;

update issues i set message = (select left(e.payload->>'message', 1000) from events e where e.issue_id = i.id
                               order by e.received_at desc, e.id desc limit 1);

-- Free text: one text per issue (IssueSearchSql.SEARCH_TEXT), with a trigram index so that ILIKE '%word%' finds the
-- few matching issues instead of reading every title of the project. pg_trgm ships with PostgreSQL and is a trusted
-- extension: the database's owner may create it.
create extension if not exists pg_trgm;
create index issues_search_text on issues
    using gin ((title || ' ' || coalesce(culprit, '') || ' ' || coalesce(message, '')) gin_trgm_ops);
