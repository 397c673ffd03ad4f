-- Single sign-on (issue #25) grants project memberships from the identity provider's groups and takes them back at
-- the next sign-in when the groups no longer grant them. Only memberships it granted itself: one given by hand
-- ('manual', every row before this migration) stays whatever the groups say.
alter table project_members add column source text not null default 'manual' check (source in ('manual', 'sso'));
