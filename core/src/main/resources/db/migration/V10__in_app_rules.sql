-- Per-project in-app rules (grouping version 3): module prefixes or path pieces, one per line, deciding frames whose
-- SDK left in_app unset.
alter table projects
    add column in_app_include text not null default '',
    add column in_app_exclude text not null default '';
