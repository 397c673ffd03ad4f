package io.flytrap.core.sourcemaps;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.flytrap.core.metrics.FlytrapMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Finds and parses the source map for a frame's file. Only the project's own uploaded artifacts are considered,
 * and nothing is ever fetched from the frame's URL: fetching is how error trackers got SSRF bugs, and the maps
 * are the team's source code. Parsed maps are cached, bounded by their size in memory, so a burst of one error
 * does not parse the same 5 MB map again; which artifact a file resolves to is cached briefly (a fresh upload
 * is used within {@code flytrap.sourcemaps.lookup-cache-ttl}).
 */
@Component
public class SourceMapResolver {

    private static final Logger log = LoggerFactory.getLogger(SourceMapResolver.class);

    private record Key(long projectId, String release, String file) {
    }

    private final JdbcClient jdbc;
    private final ArtifactStore store;
    private final FlytrapMetrics metrics;
    private final Cache<Key, Optional<Long>> artifactFor;
    private final Cache<Long, Optional<SourceMap>> parsed;
    private final Cache<Key, Optional<List<String>>> sourceTexts;
    private final Cache<Key, Optional<MinifiedScopes>> minifiedScopes;
    /** Maps placed in the store by hand, by project and file name; checked again after the lookup TTL. */
    private final Cache<Key, Optional<SourceMap>> placed;

    public SourceMapResolver(JdbcClient jdbc, ArtifactStore store, SourceMapProperties properties,
                             FlytrapMetrics metrics) {
        this.jdbc = jdbc;
        this.store = store;
        this.metrics = metrics;
        DataSize cacheSize = properties.cacheSize();
        Duration lookupTtl = properties.lookupCacheTtl();
        this.artifactFor = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(lookupTtl).build();
        this.parsed = Caffeine.newBuilder().maximumWeight(cacheSize.toBytes())
                .weigher((Long id, Optional<SourceMap> map) -> map.map(SourceMapResolver::weight).orElse(64))
                .expireAfterAccess(Duration.ofHours(1)).build();
        this.placed = Caffeine.newBuilder().maximumWeight(cacheSize.toBytes() / 4)
                .weigher((Key key, Optional<SourceMap> map) -> map.map(SourceMapResolver::weight).orElse(64))
                .expireAfterWrite(lookupTtl.isZero() ? Duration.ofMillis(1) : lookupTtl).build();
        this.sourceTexts = Caffeine.newBuilder().maximumWeight(cacheSize.toBytes() / 4)
                .weigher((Key key, Optional<List<String>> lines) -> lines.map(l -> 64 + 80 * l.size()).orElse(64))
                .expireAfterWrite(lookupTtl.isZero() ? Duration.ofMillis(1) : lookupTtl.multipliedBy(10)).build();
        this.minifiedScopes = Caffeine.newBuilder().maximumWeight(cacheSize.toBytes() / 4)
                .weigher((Key key, Optional<MinifiedScopes> scopes) -> scopes.map(MinifiedScopes::weight).orElse(64))
                .expireAfterWrite(lookupTtl.isZero() ? Duration.ofMillis(1) : lookupTtl.multipliedBy(10)).build();
    }

    /**
     * Where the functions of a frame's generated code are defined, from the file uploaded as
     * {@code minified_source} (sentry-cli uploads it beside the map): it names frames by the function they are in.
     * Found by the event's debug ID for the file, else by the file's path; scanned once, then cached. Empty if no
     * such file was uploaded.
     */
    Optional<MinifiedScopes> minifiedScopes(long projectId, String release, String frameFile, String debugId) {
        List<String> candidates = ArtifactNames.candidatesFor(frameFile);
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        try {
            return minifiedScopes.get(new Key(projectId, release, "minified:" + frameFile + "#" + debugId), key -> {
                java.util.UUID id = ArtifactService.parseDebugId(debugId);
                Optional<Long> byDebugId = id == null ? Optional.empty() : jdbc.sql("""
                                select id from artifacts where project_id = ? and kind = 'minified_source' and debug_id = ?
                                order by id desc limit 1""")
                        .params(projectId, id).query(Long.class).optional();
                return byDebugId.or(() -> jdbc.sql("""
                                        select id from artifacts where project_id = ? and kind = 'minified_source' and name = ?
                                          and (release is null or release = ?)
                                        order by (release is null), id desc limit 1""")
                                .params(projectId, candidates.getFirst(), release).query(Long.class).optional())
                        .flatMap(store::load)
                        .map(bytes -> MinifiedScopes.index(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)));
            });
        } catch (RuntimeException unreadable) {
            // names from scopes refine frames: without them frames keep their call-site names
            log.warn("Minified source for {} could not be read: {}", frameFile, unreadable.toString());
            return Optional.empty();
        }
    }

    /**
     * The lines of an uploaded original source (kind {@code source}) for a map's source entry: code context when
     * the map has no sourcesContent. Empty if none was uploaded.
     */
    public Optional<List<String>> sourceLines(long projectId, String release, String mapSource) {
        List<String> candidates = ArtifactNames.sourceCandidatesFor(mapSource);
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        try {
            return sourceTexts.get(new Key(projectId, release, "source:" + mapSource), key -> {
                String[] names = candidates.toArray(String[]::new);
                return jdbc.sql("""
                                select id from artifacts where project_id = ? and kind = 'source' and name = any(?)
                                  and (release is null or release = ?)
                                order by (release is null), id desc limit 1""")
                        .params(projectId, names, release).query(Long.class).optional()
                        .flatMap(store::load)
                        .map(bytes -> new String(bytes, java.nio.charset.StandardCharsets.UTF_8).lines().toList());
            });
        } catch (RuntimeException unreadable) {
            // code context is a nicety: a store that cannot answer costs the frame its context, never the event
            log.warn("Original source for {} could not be read: {}", mapSource, unreadable.toString());
            return Optional.empty();
        }
    }

    /** The parsed map of an artifact: the cache the metrics' hit rate is about (parsing is what costs). */
    private Optional<SourceMap> parsedMap(long artifactId) {
        boolean[] loaded = {false};
        Optional<SourceMap> map = parsed.get(artifactId, id -> {
            loaded[0] = true;
            return load(id);
        });
        metrics.sourceMapCache(!loaded[0]);
        return map;
    }

    /**
     * @param debugId the debug ID the event reports for this file (Sentry's debug_meta), or null: it finds the
     *                map whatever the file is called now; without it, or without a match, the file's name decides
     */
    public Optional<SourceMap> mapFor(long projectId, String release, String frameFile, String debugId) {
        List<String> candidates = ArtifactNames.candidatesFor(frameFile);
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        Optional<Long> artifact = artifactFor.get(new Key(projectId, release, frameFile + "#" + debugId),
                key -> findByDebugId(projectId, debugId).or(() -> find(key, candidates)));
        if (artifact.isPresent()) {
            return artifact.flatMap(this::parsedMap);
        }
        // the last candidate is the base-name convention, "app.min.js.map": a file placed in the bucket by hand
        String placedName = candidates.getLast();
        return placed.get(new Key(projectId, null, placedName), key -> {
            try {
                return store.loadPlaced(projectId, placedName).map(this::parseQuietly).flatMap(map -> map);
            } catch (RuntimeException unreadable) {
                return Optional.empty();
            }
        });
    }

    private Optional<SourceMap> parseQuietly(byte[] bytes) {
        try {
            return Optional.of(SourceMap.parse(bytes));
        } catch (InvalidSourceMapException invalid) {
            log.info("A source map placed in the store is unusable: {}", invalid.getMessage());
            return Optional.empty();
        }
    }

    private Optional<Long> findByDebugId(long projectId, String debugId) {
        java.util.UUID id = ArtifactService.parseDebugId(debugId);
        if (id == null) {
            return Optional.empty();
        }
        return jdbc.sql("select id from artifacts where project_id = ? and kind = 'source_map' and debug_id = ? order by id desc limit 1")
                .params(projectId, id).query(Long.class).optional();
    }

    /** The best candidate name; a map for the event's own release beats one uploaded for every release. */
    private Optional<Long> find(Key key, List<String> candidates) {
        String[] names = candidates.toArray(String[]::new);
        return jdbc.sql("""
                        select id from artifacts
                        where project_id = ? and kind = 'source_map' and name = any(?)
                          and (release is null or release = ?)
                        order by array_position(?, name), (release is null), id desc limit 1""")
                .params(key.projectId(), names, key.release(), names).query(Long.class).optional();
    }

    private Optional<SourceMap> load(long artifactId) {
        try {
            return store.load(artifactId).map(bytes -> {
                try {
                    return SourceMap.parse(bytes);
                } catch (InvalidSourceMapException invalid) {
                    // checked at upload; a map that still fails (or a file placed by hand) leaves frames as they are
                    log.info("Source map artifact {} is unusable: {}", artifactId, invalid.getMessage());
                    return null;
                }
            });
        } catch (RuntimeException unreadable) {
            log.warn("Source map artifact {} could not be read: {}", artifactId, unreadable.toString());
            return Optional.empty();
        }
    }

    /** Bytes the parsed map holds: 20 per segment plus its source texts (UTF-16). */
    private static int weight(SourceMap map) {
        long bytes = 20L * map.segmentCount() + 2L * map.contentLength() + 1_024;
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }
}
