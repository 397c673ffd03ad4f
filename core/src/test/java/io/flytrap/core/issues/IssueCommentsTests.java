package io.flytrap.core.issues;

import com.icegreen.greenmail.util.GreenMail;
import io.flytrap.core.access.Caller;
import io.flytrap.core.access.ForbiddenException;
import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.issues.IssueActivity.Entry;
import io.flytrap.core.issues.IssueActivity.Kind;
import io.flytrap.core.process.EventProcessor;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.UserService;
import io.flytrap.testsupport.CoreTestApplication;
import io.flytrap.testsupport.TestMailServer;
import io.flytrap.testsupport.MutableClock;
import io.flytrap.testsupport.TestAccounts;
import io.flytrap.testsupport.TestEvents;
import io.flytrap.testsupport.UsesTestDatabase;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Comments on an issue with real PostgreSQL and a real SMTP server (GreenMail): members comment, mentioned members
 * get an e-mail with a link to the issue, nobody else does, and a refused comment leaves nothing behind.
 */
@SpringBootTest(classes = CoreTestApplication.class, properties = "flytrap.public-url=https://flytrap.example.com/")
@UsesTestDatabase
class IssueCommentsTests {

    static final GreenMail SMTP = TestMailServer.start();

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        TestMailServer.register(registry, SMTP);
    }

    @AfterAll
    static void stopSmtp() {
        SMTP.stop();
    }

    @Autowired
    EventProcessor processor;
    @Autowired
    IssueComments comments;
    @Autowired
    IssueActivity activity;
    @Autowired
    IssueQueries issues;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    MutableClock clock;
    @Autowired
    JdbcClient jdbc;

    Caller author;
    Caller colleague;
    String colleagueEmail;
    long projectId;
    long issueId;

    @BeforeEach
    void issueWithTwoMembers() throws Exception {
        SMTP.purgeEmailFromAllMailboxes();
        author = TestAccounts.member(users, "author");
        colleague = TestAccounts.member(users, "colleague");
        colleagueEmail = email(colleague);
        projectId = projects.create(author, "Comments", null).project().id();
        addMember(colleague);
        TestEvents.process(processor, projectId, """
                {"data": {"error": {"name": "TypeError", "message": "x", "stack": "TypeError: x\\n    at pay (app.js:1:1)"},
                          "project_id": %d}}""".formatted(projectId), clock.instant());
        issueId = issues.search(author, projectId, IssueFilter.all(), 0, 1).getFirst().id();
    }

    private void addMember(Caller member) {
        jdbc.sql("insert into project_members (project_id, user_id) values (?, ?)").params(projectId, member.userId()).update();
    }

    private String email(Caller caller) {
        return jdbc.sql("select email from users where id = ?").param(caller.userId()).query(String.class).single();
    }

    private static String localPart(String email) {
        return email.substring(0, email.indexOf('@'));
    }

    private long stored() {
        return jdbc.sql("select count(*) from issue_activity where issue_id = ? and kind = 'comment'").param(issueId)
                .query(Long.class).single();
    }

    @Test
    void shouldMailAMentionedMemberALinkToTheIssue() throws Exception {
        String text = "@" + localPart(colleagueEmail) + ", can you look? <b>not bold</b>";

        IssueComments.Comment comment = comments.add(author, issueId, text);

        assertThat(comment.text()).as("stored as typed: the page shows it as text").isEqualTo(text);
        assertThat(comment.mentions()).containsExactly(colleagueEmail);
        assertThat(SMTP.waitForIncomingEmail(5_000, 1)).isTrue();
        MimeMessage mail = SMTP.getReceivedMessages()[0];
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo(colleagueEmail);
        assertThat(mail.getSubject()).contains("mentioned you").contains("TypeError");
        String body = (String) mail.getContent();
        assertThat(body).contains("https://flytrap.example.com/issues/" + issueId).contains(text);
        assertThat(mail.getContentType()).as("plain text: the comment is never HTML").startsWith("text/plain");
    }

    @Test
    void shouldShowCommentsInTheTimelineWithTheirAuthor() {
        comments.add(author, issueId, "first");
        comments.add(colleague, issueId, "second");

        List<Entry> timeline = activity.timeline(author, issueId);
        assertThat(timeline).extracting(Entry::kind).containsExactly(Kind.FIRST_SEEN, Kind.COMMENT, Kind.COMMENT);
        assertThat(timeline.get(2).detail("text")).isEqualTo("second");
        assertThat(timeline.get(2).actorUserId()).isEqualTo(colleague.userId());
        assertThat(comments.list(colleague, issueId)).extracting(IssueComments.Comment::text).containsExactly("first", "second");
    }

    @Test
    void shouldSendNothingToANonMemberOrTheAuthorThemself() throws Exception {
        Caller outsider = TestAccounts.member(users, "outsider");

        IssueComments.Comment comment = comments.add(author, issueId,
                "@" + localPart(email(outsider)) + " @" + localPart(email(author)) + " @nobody-at-all");

        assertThat(comment.mentions()).isEmpty();
        assertThat(SMTP.waitForIncomingEmail(1_000, 1)).as("no mail to anyone").isFalse();
    }

    @Test
    void shouldMentionByTheWholeAddressTooAndEachMemberOnce() throws Exception {
        comments.add(author, issueId, "@" + colleagueEmail + " and again @" + localPart(colleagueEmail) + ".");

        assertThat(SMTP.waitForIncomingEmail(5_000, 1)).isTrue();
        Thread.sleep(300);
        assertThat(Arrays.stream(SMTP.getReceivedMessages())).hasSize(1);
    }

    @Test
    void shouldRefuseANonMemberAndStoreNothing() throws Exception {
        Caller outsider = TestAccounts.member(users, "outsider");

        assertThatThrownBy(() -> comments.add(outsider, issueId, "@" + localPart(colleagueEmail) + " hello"))
                .isInstanceOf(NotFoundException.class);

        assertThat(stored()).isZero();
        assertThat(SMTP.waitForIncomingEmail(1_000, 1)).as("a refused comment tells nobody").isFalse();
    }

    @Test
    void shouldRefuseEmptyOrOverlongTextAndStoreNothing() {
        assertThatThrownBy(() -> comments.add(author, issueId, "   ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> comments.add(author, issueId, "x".repeat(IssueComments.MAX_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(stored()).isZero();
    }

    @Test
    void shouldLetOnlyTheAuthorDeleteAComment() {
        IssueComments.Comment mine = comments.add(author, issueId, "mine");

        assertThatThrownBy(() -> comments.delete(colleague, issueId, mine.id())).isInstanceOf(ForbiddenException.class);
        assertThat(stored()).isEqualTo(1);

        comments.delete(author, issueId, mine.id());
        assertThat(stored()).isZero();
        assertThatThrownBy(() -> comments.delete(author, issueId, mine.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void shouldNotDeleteOtherKindsOfActivityAsComments() {
        long regression = jdbc.sql("""
                        insert into issue_activity (issue_id, kind, created_at) values (?, 'regressed', now()) returning id""")
                .param(issueId).query(Long.class).single();

        assertThatThrownBy(() -> comments.delete(author, issueId, regression)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void shouldReadMentionsUpToTrailingPunctuation() {
        assertThat(IssueComments.mentionedNames("hi @Alice, @bob. mail@example.com @carol@example.org!"))
                .as("an address in the text is not a mention").containsExactly("alice", "bob", "carol@example.org");
    }
}
