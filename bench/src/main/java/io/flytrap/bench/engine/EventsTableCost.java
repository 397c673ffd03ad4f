package io.flytrap.bench.engine;

import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.queue.PostgresEventQueue;
import io.flytrap.core.users.UserService;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What each part of the events table costs per stored event (issue #24 item 2): the rows a real drain stored,
 * copied again into a table shaped like {@code events} with one part taken away or changed at a time (a foreign
 * key, an index, the payload's type), each variant {@code -Drounds} times in alternating order. Prints per variant
 * the COPY's events/s, PostgreSQL's CPU per event (whole server and the copying backend, from /proc) and the WAL it
 * wrote. A scratch measurement of where the floor comes from, not a speed figure with a baseline of its own.
 */
public final class EventsTableCost {

    private EventsTableCost() {
    }

    /** How a variant changes the events-shaped table after it is created; rows null: the rows the drain stored. */
    private record Variant(String name, List<String> changes, byte[] rows) {

        Variant(String name, List<String> changes) {
            this(name, changes, null);
        }
    }

    public static void main(String[] args) throws Exception {
        int events = Integer.getInteger("events", DrainBenchmark.EVENTS);
        int rounds = Integer.getInteger("rounds", 3);
        try (DrainEngine engine = DrainEngine.start()) {
            JdbcClient jdbc = engine.bean(JdbcClient.class);
            DataSource dataSource = engine.bean(DataSource.class);
            long projectId = BenchProject.create(engine.bean(UserService.class), engine.bean(ProjectService.class)).project().id();
            List<byte[]> payloads = SampleEvents.nativeEvents(projectId, events);
            DrainBenchmark.fillQueue(engine.bean(PostgresEventQueue.class), projectId, payloads);
            int drained = engine.drainAll();
            byte[] rows = TableCopy.export(dataSource, "select " + DrainBenchmark.EVENT_COLUMNS + " from events where project_id = "
                    + projectId + " order by id");
            System.out.printf(Locale.ROOT, "drained %d events; their stored rows are %.0f bytes each as CSV%n", drained,
                    (double) rows.length / drained);
            jdbc.sql("""
                            select 'payload: ' || round(avg(octet_length(payload::text))) || ' bytes as text, '
                                   || round(avg(pg_column_size(payload))) || ' bytes stored (jsonb, as the row holds it); compressed: '
                                   || count(*) filter (where pg_column_compression(payload) is not null) || ' of ' || count(*)
                                   || '; toast compression methods built in: '
                                   || (select array_to_string(enumvals, ', ') from pg_settings where name = 'default_toast_compression')
                            from events where project_id = ?""").param(projectId).query(String.class).list().forEach(System.out::println);
            System.out.println("one stored payload: " + jdbc.sql("select payload::text from events where project_id = ? limit 1")
                    .param(projectId).query(String.class).single());
            jdbc.sql("checkpoint").update();
            // the same rows with the payload's null fields left out, and with the payload as ingest received it
            // instead of the normalised event (as the bare COPY baseline stores it): how much the payload's size weighs
            byte[] withoutNulls = TableCopy.export(dataSource, "select " + DrainBenchmark.EVENT_COLUMNS.replace("payload",
                    "jsonb_strip_nulls(payload)") + " from events where project_id = " + projectId + " order by id");
            // the leaner stored event issue #24 names as the next lever: without null fields and empty lists and
            // maps (nothing lost), and also without an exception's raw stack where frames were parsed from it
            jdbc.sql(LEAN_FUNCTION).update();
            byte[] lean = TableCopy.export(dataSource, "select " + DrainBenchmark.EVENT_COLUMNS.replace("payload",
                    "bench_lean(payload, true)") + " from events where project_id = " + projectId + " order by id");
            byte[] leanNoRaw = TableCopy.export(dataSource, "select " + DrainBenchmark.EVENT_COLUMNS.replace("payload",
                    "bench_lean(payload, false)") + " from events where project_id = " + projectId + " order by id");
            jdbc.sql("""
                            select 'lean payload: ' || round(avg(octet_length(bench_lean(payload, true)::text))) || ' bytes as text, '
                                   || round(avg(pg_column_size(bench_lean(payload, true)))) || ' as jsonb; without the parsed raw stack: '
                                   || round(avg(octet_length(bench_lean(payload, false)::text))) || ' as text, '
                                   || round(avg(pg_column_size(bench_lean(payload, false)))) || ' as jsonb'
                            from events where project_id = ?""").param(projectId).query(String.class).list().forEach(System.out::println);
            System.out.println("one lean payload without the parsed raw stack: " + jdbc.sql(
                    "select bench_lean(payload, false)::text from events where project_id = ? limit 1").param(projectId).query(String.class).single());
            byte[] asReceived = withPayloads(TableCopy.export(dataSource, "select " + DrainBenchmark.EVENT_COLUMNS.replace(", payload", "")
                    + " from events where project_id = " + projectId + " order by id"), payloads);

            List<Variant> variants = List.of(
                    new Variant("events as migrated (2 FKs, 4 indexes, jsonb)", List.of()),
                    new Variant("- FK project_id", List.of(dropConstraint("f", "project_id"))),
                    new Variant("- FK issue_id", List.of(dropConstraint("f", "issue_id"))),
                    new Variant("- both FKs", List.of(dropConstraint("f", "project_id"), dropConstraint("f", "issue_id"))),
                    new Variant("- primary key (id)", List.of(dropConstraint("p", "id"))),
                    new Variant("- unique (project_id, event_id)", List.of(dropConstraint("u", "event_id"))),
                    new Variant("- index (issue_id, received_at desc, id desc)", List.of(dropIndex("issue_id, received_at DESC"))),
                    new Variant("- index (received_at)", List.of(dropIndex("USING btree (received_at)"))),
                    new Variant("payload not compressed (toast_tuple_target 8160)", List.of("alter table T set (toast_tuple_target = 8160)")),
                    new Variant("payload json instead of jsonb", List.of("alter table T alter column payload type json")),
                    new Variant("payload text instead of jsonb", List.of("alter table T alter column payload type text")),
                    new Variant("payload without its null fields (jsonb_strip_nulls)", List.of(), withoutNulls),
                    new Variant("payload lean (no nulls, no empty lists or maps)", List.of(), lean),
                    new Variant("payload lean, without a raw stack frames came from", List.of(), leanNoRaw),
                    new Variant("payload as ingest received it (973 bytes, as the bare COPY)", List.of(), asReceived),
                    new Variant("no FK, no index (jsonb)", List.of(dropConstraint("f", "project_id"), dropConstraint("f", "issue_id"),
                            dropConstraint("p", "id"), dropConstraint("u", "event_id"), dropIndex("issue_id, received_at DESC"),
                            dropIndex("USING btree (received_at)"))),
                    new Variant("no FK, no index, payload text", List.of(dropConstraint("f", "project_id"), dropConstraint("f", "issue_id"),
                            dropConstraint("p", "id"), dropConstraint("u", "event_id"), dropIndex("issue_id, received_at DESC"),
                            dropIndex("USING btree (received_at)"), "alter table T alter column payload type text")),
                    new Variant("no FK, no index, payload text, not compressed", List.of(dropConstraint("f", "project_id"),
                            dropConstraint("f", "issue_id"), dropConstraint("p", "id"), dropConstraint("u", "event_id"),
                            dropIndex("issue_id, received_at DESC"), dropIndex("USING btree (received_at)"),
                            "alter table T alter column payload type text", "alter table T set (toast_tuple_target = 8160)")));

            Map<String, TableCopy.Cost> totals = new LinkedHashMap<>();
            Map<String, Double> least = new LinkedHashMap<>();
            TableCopy.Cost batched = null;
            for (int round = 1; round <= rounds; round++) {
                List<Variant> order = new ArrayList<>(variants);
                if (round % 2 == 0) {
                    java.util.Collections.reverse(order);
                }
                for (Variant variant : order) {
                    TableCopy.Cost cost = measure(jdbc, dataSource, variant, variant.rows() == null ? rows : variant.rows(), drained);
                    totals.merge(variant.name(), cost, TableCopy.Cost::plus);
                    least.merge(variant.name(), cost.serverMicrosPerEvent(), Math::min);
                    System.out.printf(Locale.ROOT, "round %d: %-48s %s%n", round, variant.name(), cost.cells());
                }
                TableCopy.Cost two = inTwoConnections(jdbc, dataSource, rows, drained);
                least.merge("2 connections", two.serverMicrosPerEvent(), Math::min);
                batched = batched == null ? two : batched.plus(two);
                System.out.printf(Locale.ROOT, "round %d: %-48s %s%n", round, "events as migrated, 2 connections x 1,000-row COPYs", two.cells());
            }
            // the machine is shared: a run disturbed by others costs more CPU, never less, so the least is shown too
            System.out.printf(Locale.ROOT, "%n| events-shaped table, %d events, %d rounds (means) | %s | least PostgreSQL CPU µs of a round |%n"
                    + "|---|---|---|---|---|---|%n", drained, rounds, TableCopy.CELLS_HEADER);
            totals.forEach((name, cost) -> System.out.printf(Locale.ROOT, "| %s | %s | %.1f |%n", name, cost.cells(), least.get(name)));
            System.out.printf(Locale.ROOT, "| events as migrated, 2 connections in parallel, a COPY and commit per 1,000 rows | %s | %.1f |%n",
                    batched.cells(), least.get("2 connections"));
        }
    }

    /** A payload without null, [] and {} members, recursively; without rawStack beside parsed frames unless kept. */
    private static final String LEAN_FUNCTION = """
            create or replace function bench_lean(j jsonb, keep_raw boolean) returns jsonb language plpgsql immutable as $$
            declare k text; v jsonb; r jsonb;
            begin
              if jsonb_typeof(j) = 'object' then
                r := '{}';
                for k, v in select * from jsonb_each(j) loop
                  if k = 'rawStack' and not keep_raw and jsonb_array_length(coalesce(j->'frames', '[]')) > 0 then continue; end if;
                  v := bench_lean(v, keep_raw);
                  if v = 'null' or v = '[]' or v = '{}' then continue; end if;
                  r := r || jsonb_build_object(k, v);
                end loop;
                return r;
              elsif jsonb_typeof(j) = 'array' then
                return (select coalesce(jsonb_agg(bench_lean(e, keep_raw) order by n), '[]')
                        from jsonb_array_elements(j) with ordinality as a(e, n));
              end if;
              return j;
            end $$""";

    private static String dropConstraint(String type, String column) {
        return "do $$ begin execute (select 'alter table T drop constraint ' || conname from pg_constraint "
                + "where conrelid = 'T'::regclass and contype = '" + type + "' and pg_get_constraintdef(oid) like '%(%" + column + "%)%' "
                + "order by conname limit 1); end $$";
    }

    private static String dropIndex(String definitionPart) {
        return "do $$ begin execute (select 'drop index ' || indexname from pg_indexes where tablename = 'T' "
                + "and indexdef like '%" + definitionPart + "%'); end $$";
    }

    private static TableCopy.Cost measure(JdbcClient jdbc, DataSource dataSource, Variant variant, byte[] rows, int count) throws Exception {
        String table = "bench_variant";
        DrainBenchmark.createEventsShaped(jdbc, table);
        try {
            for (String change : variant.changes()) {
                jdbc.sql(change.replace("'T'", "'" + table + "'").replace("table T ", "table " + table + " ")).update();
            }
            jdbc.sql("checkpoint").update(); // each variant starts with no dirty buffers of the one before
            return TableCopy.copy(dataSource, table, DrainBenchmark.EVENT_COLUMNS, rows, count);
        } finally {
            jdbc.sql("drop table " + table).update();
        }
    }

    /**
     * The events-shaped table written as the drain writes it: two connections at once, each a COPY and a commit
     * (which waits for the WAL flush) per 1,000 rows. Wall time and PostgreSQL's CPU for the whole, backend CPU
     * summed over both.
     */
    private static TableCopy.Cost inTwoConnections(JdbcClient jdbc, DataSource dataSource, byte[] rows, int count) throws Exception {
        String table = "bench_variant";
        DrainBenchmark.createEventsShaped(jdbc, table);
        jdbc.sql("checkpoint").update();
        List<byte[]> chunks = chunks(rows, 1_000);
        try (var connection = dataSource.getConnection()) {
            long postmaster = TableCopy.parentPid(TableCopy.backendPid(connection));
            long walBefore = TableCopy.walInsertLsn(connection);
            long serverBefore = TableCopy.serverTicks(postmaster);
            long start = System.nanoTime();
            long backendTicks = 0;
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                List<Future<Long>> done = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    int first = t;
                    done.add(pool.submit(() -> {
                        long ticks = 0;
                        for (int i = first; i < chunks.size(); i += 2) {
                            ticks += TableCopy.copy(dataSource, table, DrainBenchmark.EVENT_COLUMNS, chunks.get(i), 0).backendTicks();
                        }
                        return ticks;
                    }));
                }
                for (Future<Long> future : done) {
                    backendTicks += future.get();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long serverTicks = TableCopy.serverTicks(postmaster) - serverBefore;
            return new TableCopy.Cost(count, seconds, serverTicks, backendTicks, TableCopy.walInsertLsn(connection) - walBefore);
        } finally {
            jdbc.sql("drop table " + table).update();
        }
    }

    /** Each CSV row (no payload column, no line breaks inside) with one of the payloads appended as its last column. */
    private static byte[] withPayloads(byte[] csv, List<byte[]> payloads) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(csv.length + payloads.size() * 1_200);
        int from = 0;
        int row = 0;
        for (int i = 0; i < csv.length; i++) {
            if (csv[i] == '\n') {
                out.write(csv, from, i - from);
                out.writeBytes(",\"".getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(new String(payloads.get(row++ % payloads.size()), StandardCharsets.UTF_8).replace("\"", "\"\"")
                        .getBytes(StandardCharsets.UTF_8));
                out.writeBytes("\"\n".getBytes(StandardCharsets.US_ASCII));
                from = i + 1;
            }
        }
        return out.toByteArray();
    }

    /** The CSV rows cut into pieces of {@code size} rows (a row ends at a newline outside quotes). */
    private static List<byte[]> chunks(byte[] csv, int size) {
        List<byte[]> chunks = new ArrayList<>();
        int from = 0;
        int rows = 0;
        boolean quoted = false;
        for (int i = 0; i < csv.length; i++) {
            if (csv[i] == '"') {
                quoted = !quoted;
            } else if (csv[i] == '\n' && !quoted && ++rows == size) {
                chunks.add(java.util.Arrays.copyOfRange(csv, from, i + 1));
                from = i + 1;
                rows = 0;
            }
        }
        if (from < csv.length) {
            chunks.add(java.util.Arrays.copyOfRange(csv, from, csv.length));
        }
        return chunks;
    }
}
