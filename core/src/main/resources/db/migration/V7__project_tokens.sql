-- Upload tokens: an API token may be limited to one project (for CI jobs that upload source maps). It then acts
-- as its creator in that project only, never with administrator rights.
alter table api_tokens add column project_id bigint references projects (id) on delete cascade;
create index api_tokens_project on api_tokens (project_id) where project_id is not null;
