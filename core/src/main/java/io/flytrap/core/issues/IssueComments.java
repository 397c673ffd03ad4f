package io.flytrap.core.issues;

import io.flytrap.core.access.Caller;
import io.flytrap.core.access.ForbiddenException;
import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.access.Scope;
import io.flytrap.core.projects.ProjectAccess;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Comments on an issue, kept in its activity timeline. Only those who reach the project may comment (its members,
 * and administrators, as {@link ProjectAccess} decides), and only a comment's author may delete it. The text is
 * whatever a member typed: stored and shown as plain text, never HTML.
 * <p>
 * <b>Mentions</b> name members by the local part of their e-mail address ({@code @alice} for alice@example.com),
 * or by the whole address ({@code @alice@example.com}) when two members share a local part; matching ignores case.
 * Display names are not matched: they may contain spaces and need not be unique. Each mentioned member of the
 * project, other than the author, gets an e-mail with a link to the issue (sent after commit, see
 * {@link Posted}); a name that is not a member's mentions nobody.
 */
@Service
@Transactional
public class IssueComments {

    public static final int MAX_LENGTH = 5_000;

    /** After the e-mail-ish token, a trailing dot or hyphen is punctuation ("thanks @bob."), not the name. */
    private static final Pattern MENTION = Pattern.compile(
            "(?<![\\p{L}\\p{N}._%+-])@([\\p{L}\\p{N}._%+-]+(?:@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)+)?)");

    /** A comment as the issue page and the API show it; text and author are shown as text. */
    public record Comment(long id, long issueId, Long authorUserId, String author, String text, List<String> mentions,
                          Instant createdAt) {
        public Comment {
            mentions = List.copyOf(mentions);
        }
    }

    /** A member a comment mentioned, to be told by e-mail. */
    public record Mentioned(long userId, String email) {
    }

    /**
     * Published when a comment is stored, in its transaction; listeners that tell people act after commit, so a
     * comment that rolls back tells no one.
     */
    public record Posted(long projectId, long issueId, long commentId, String author, String issueTitle, String text,
                         List<Mentioned> mentioned) {
        public Posted {
            mentioned = List.copyOf(mentioned);
        }
    }

    private final JdbcClient jdbc;
    private final IssueQueries issues;
    private final ProjectAccess access;
    private final IssueActivity activity;
    private final ApplicationEventPublisher events;

    IssueComments(JdbcClient jdbc, IssueQueries issues, ProjectAccess access, IssueActivity activity,
                  ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.issues = issues;
        this.access = access;
        this.activity = activity;
        this.events = events;
    }

    /** Adds a comment as the caller (project:write); 404 for an issue the caller does not reach, 400 for bad text. */
    public Comment add(Caller caller, long issueId, String text) {
        IssueSummary issue = issues.get(caller, issueId);
        access.require(caller, issue.projectId(), Scope.PROJECT_WRITE);
        String body = text == null ? "" : text.strip();
        if (body.isEmpty()) {
            throw new IllegalArgumentException("a comment needs some text");
        }
        if (body.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a comment must be at most " + MAX_LENGTH + " characters");
        }
        List<Mentioned> mentioned = mentionedMembers(issue.projectId(), body, caller.userId());
        List<String> addresses = mentioned.stream().map(Mentioned::email).toList();
        long id = activity.record(issueId, IssueActivity.Kind.COMMENT, caller.userId(),
                Map.of("text", body, "mentions", addresses));
        Comment comment = list(issueId).stream().filter(c -> c.id() == id).findFirst().orElseThrow();
        events.publishEvent(new Posted(issue.projectId(), issueId, id, comment.author(), issue.title(), body, mentioned));
        return comment;
    }

    /** The issue's comments, oldest first (project:read). */
    @Transactional(readOnly = true)
    public List<Comment> list(Caller caller, long issueId) {
        issues.get(caller, issueId);
        return list(issueId);
    }

    /** Deletes one of the caller's own comments on the issue; someone else's is refused (403), a missing one 404. */
    public void delete(Caller caller, long issueId, long commentId) {
        IssueSummary issue = issues.get(caller, issueId);
        access.require(caller, issue.projectId(), Scope.PROJECT_WRITE);
        Long author = jdbc.sql("select actor_user_id from issue_activity where id = ? and issue_id = ? and kind = ?")
                .params(commentId, issueId, IssueActivity.Kind.COMMENT.stored())
                .query((rs, i) -> rs.getObject(1, Long.class)).optional()
                .orElseThrow(() -> new NotFoundException("comment"));
        if (author == null || author != caller.userId()) {
            throw new ForbiddenException("only its author may delete a comment");
        }
        jdbc.sql("delete from issue_activity where id = ?").param(commentId).update();
    }

    private List<Comment> list(long issueId) {
        return activity.stored(issueId, IssueActivity.Kind.COMMENT).stream()
                .map(entry -> new Comment(entry.id(), issueId, entry.actorUserId(), entry.actor(), entry.detail("text"),
                        entry.details().get("mentions") instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(),
                        entry.at()))
                .toList();
    }

    /** The project's members (enabled accounts) the text mentions, without the author, each once. */
    private List<Mentioned> mentionedMembers(long projectId, String text, long authorUserId) {
        Set<String> names = mentionedNames(text);
        if (names.isEmpty()) {
            return List.of();
        }
        List<Mentioned> found = new ArrayList<>();
        jdbc.sql("""
                        select u.id, u.email from project_members m join users u on u.id = m.user_id
                        where m.project_id = ? and u.disabled_at is null order by u.id""")
                .param(projectId)
                .query(rs -> {
                    String email = rs.getString("email");
                    String lower = email.toLowerCase(Locale.ROOT);
                    int at = lower.lastIndexOf('@');
                    String local = at < 0 ? lower : lower.substring(0, at);
                    if (rs.getLong("id") != authorUserId && (names.contains(lower) || names.contains(local))) {
                        found.add(new Mentioned(rs.getLong("id"), email));
                    }
                });
        return found;
    }

    /** The names after each @, in lower case, trailing punctuation dropped. */
    static Set<String> mentionedNames(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = MENTION.matcher(text);
        while (matcher.find()) {
            String name = matcher.group(1).replaceAll("[.\\-]+$", "");
            if (!name.isEmpty()) {
                names.add(name.toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }
}
