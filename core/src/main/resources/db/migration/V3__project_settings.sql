-- Per-project data handling: scrubbing (on by default) and event retention.
alter table projects
    add column scrub_data          boolean not null default true,
    add column scrub_ip_addresses  boolean not null default false,
    add column retention_days      integer not null default 90 check (retention_days between 1 and 3650);
