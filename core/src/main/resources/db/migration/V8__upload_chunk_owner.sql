-- Who uploaded each waiting chunk, so one account cannot fill the database with chunks it never assembles.
-- Chunks from before this column (at most a day old) have no owner and count for no one.
alter table upload_chunks add column uploaded_by bigint references users (id) on delete cascade;
create index upload_chunks_owner on upload_chunks (uploaded_by, created_at);
