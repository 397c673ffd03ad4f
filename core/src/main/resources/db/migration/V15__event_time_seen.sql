-- #22 item 4: an issue's first and last seen, where it was seen (environments, releases) and its hourly counts follow
-- each event's own time, as in Sentry, instead of when Flytrap received it. The event's time is the client's,
-- taken as the arrival time when it was more than a minute ahead (already so at ingest) or more than 30 days before
-- it (Relay's max_secs_in_past; new at ingest with this version, so applied here to the events stored before).
-- Only stored events can be re-dated: what retention deleted stays counted where it was. No index changes: the
-- issue list sorts and filters on the same columns.

create temporary table event_times on commit drop as
select issue_id, project_id, environment, release, received_at,
       case when occurred_at < received_at - interval '30 days' then received_at else occurred_at end as happened_at
from events;

-- Each stored event's count moves from the hour it arrived in to the hour it happened in. Two statements: a row
-- can be both a source and a target, which one statement may not update twice.
create temporary table moved_counts on commit drop as
select issue_id, project_id, date_trunc('hour', received_at, 'UTC') as from_hour,
       date_trunc('hour', happened_at, 'UTC') as to_hour, count(*) as n
from event_times
where date_trunc('hour', received_at, 'UTC') <> date_trunc('hour', happened_at, 'UTC')
group by 1, 2, 3, 4;

update issue_hourly_counts c set events = c.events - m.n
from (select issue_id, from_hour, sum(n) as n from moved_counts group by 1, 2) m
where c.issue_id = m.issue_id and c.hour = m.from_hour;

insert into issue_hourly_counts (issue_id, project_id, hour, events)
select issue_id, project_id, to_hour, sum(n) from moved_counts group by 1, 2, 3
on conflict (issue_id, hour) do update set events = issue_hourly_counts.events + excluded.events;

delete from issue_hourly_counts where events <= 0;

-- Last seen: the newest events are the ones retention keeps. First seen: the stored events' earliest time when the
-- issue still has all of its events, else no later than before (the deleted ones were earlier).
update issues i set
    first_seen = case when t.stored = i.event_count then t.first_at else least(i.first_seen, t.first_at) end,
    last_seen = t.last_at
from (select issue_id, count(*) as stored, min(happened_at) as first_at, max(happened_at) as last_at
      from event_times group by issue_id) t
where i.id = t.issue_id;

update issue_environments s set first_seen = least(s.first_seen, t.first_at), last_seen = t.last_at
from (select issue_id, environment, min(happened_at) as first_at, max(happened_at) as last_at
      from event_times where environment is not null group by 1, 2) t
where s.issue_id = t.issue_id and s.environment = t.environment;

update issue_releases s set first_seen = least(s.first_seen, t.first_at), last_seen = t.last_at
from (select issue_id, release, min(happened_at) as first_at, max(happened_at) as last_at
      from event_times where release is not null group by 1, 2) t
where s.issue_id = t.issue_id and s.release = t.release;
