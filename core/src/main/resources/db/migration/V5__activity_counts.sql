-- Events per issue and hour: the issue page's occurrences chart and the projects overview (events in the last
-- 24 hours, 14-day trend) read these small rows instead of counting events. The processor adds to them in the
-- same transaction that stores the events; they outlive event retention, like the issue's own counts.
create table issue_hourly_counts (
    issue_id    bigint      not null references issues (id) on delete cascade,
    project_id  bigint      not null,
    hour        timestamptz not null,
    events      bigint      not null,
    primary key (issue_id, hour)
);
create index issue_hourly_counts_project_hour on issue_hourly_counts (project_id, hour);

insert into issue_hourly_counts (issue_id, project_id, hour, events)
select issue_id, project_id, date_trunc('hour', received_at), count(*) from events
group by issue_id, project_id, date_trunc('hour', received_at);
