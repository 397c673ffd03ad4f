-- #22 item 7: issues are assigned to a project member, link to an issue in an external tracker (GitHub, GitLab,
-- Jira, …), and alert rules may also e-mail the assignee.

-- The assignee is always a member of the issue's project: the database keeps it so. The second key names the
-- membership, so removing someone from a project unassigns their issues there in the same statement (and so the
-- same transaction); SET NULL with a column list (PostgreSQL 15+) clears only the assignee, not the project.
-- The first key covers a user being deleted outright.
alter table issues
    add column assignee_user_id bigint references users (id) on delete set null,
    add constraint issues_assignee_is_member foreign key (project_id, assignee_user_id)
        references project_members (project_id, user_id) on delete set null (assignee_user_id),
    -- an issue in another tracker, as its URL; only http and https (IssueLinks checks it with a readable message)
    add column external_url text check (external_url ~* '^https?://' and length(external_url) <= 2000);

-- Serves both keys' lookups on delete (by user; by project and user) and the assigned: filter within a project.
create index issues_assignee on issues (assignee_user_id, project_id) where assignee_user_id is not null;

-- Where "Create in tracker" leads: a URL with {title}, {url}, {culprit}, {id} and {project} (TrackerTemplate).
alter table projects add column tracker_url_template text check (length(tracker_url_template) <= 2000);

-- Besides its channels, a rule may e-mail the issue's assignee (through the project's e-mail channel).
alter table alert_rules add column notify_assignee boolean not null default false;
