-- Upload tokens get scopes, named as Sentry names its auth-token scopes. A personal token (project_id null) has no
-- scopes of its own: it is its user, with all of the user's rights, and stays so.
alter table api_tokens add column scopes text[];

-- Upload tokens made before scopes existed could do everything a member can (change scrubbing and retention, add
-- webhooks, read events). They were made for CI uploads, so they keep exactly that: project:releases (source maps,
-- releases, deploys). A token used for more must be replaced by one with the scopes it needs (see the README).
update api_tokens set scopes = '{project:releases}' where project_id is not null;

alter table api_tokens add constraint api_tokens_scopes_known check (
    (project_id is null and scopes is null)
    or (project_id is not null and cardinality(scopes) > 0
        and scopes <@ array['project:releases', 'project:read', 'project:write', 'project:admin']::text[]));
