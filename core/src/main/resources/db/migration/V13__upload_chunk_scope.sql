-- A waiting chunk can be assembled only by the account that uploaded it and, when it came through a project's
-- upload token, only through a token of that same project. Its name (the SHA-1 of its content) shows up in CI logs
-- and is no secret, so it cannot be the key by itself: two accounts uploading the same bytes each get a copy.
-- Chunks without an owner (from before V8, at most a day old) are unusable now and go.
delete from upload_chunks where uploaded_by is null;
alter table upload_chunks alter column uploaded_by set not null;
alter table upload_chunks add column token_project_id bigint references projects (id) on delete cascade;
alter table upload_chunks drop constraint upload_chunks_pkey;
create unique index upload_chunks_owner_sha1 on upload_chunks (uploaded_by, coalesce(token_project_id, 0), sha1);
