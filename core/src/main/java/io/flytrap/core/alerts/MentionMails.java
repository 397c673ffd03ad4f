package io.flytrap.core.alerts;

import io.flytrap.core.issues.IssueComments;
import io.flytrap.core.urls.UrlProperties;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Tells each member a comment mentions, by e-mail through the same SMTP settings (spring.mail) and sender address
 * as e-mail alerts. Sent once the comment has committed; the mail is plain text only, since the comment and the
 * issue title are untrusted. Unlike alerts these go straight out, not through the notification outbox (whose rows
 * belong to alert channels and rules): a mail server that is down loses the mention mail, logged, while the
 * comment itself stays in the timeline.
 */
@Component
class MentionMails {

    private static final Logger log = LoggerFactory.getLogger(MentionMails.class);
    private static final int MAX_TITLE = 200;

    private final ObjectProvider<JavaMailSender> mail;
    private final JdbcClient jdbc;
    private final String from;
    private final String publicUrl;

    MentionMails(ObjectProvider<JavaMailSender> mail, JdbcClient jdbc, AlertsProperties alerts, UrlProperties urls) {
        this.mail = mail;
        this.jdbc = jdbc;
        this.from = alerts.mailFrom();
        this.publicUrl = urls.publicBase();
    }

    @TransactionalEventListener
    void onCommentPosted(IssueComments.Posted posted) {
        if (posted.mentioned().isEmpty()) {
            return;
        }
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            log.info("Comment {} mentions {} members, but e-mail is not configured (spring.mail.host): nobody is told",
                    posted.commentId(), posted.mentioned().size());
            return;
        }
        String project = jdbc.sql("select name from projects where id = ?").param(posted.projectId())
                .query(String.class).optional().orElse("Flytrap");
        String title = posted.issueTitle().length() > MAX_TITLE ? posted.issueTitle().substring(0, MAX_TITLE) + "…" : posted.issueTitle();
        String link = publicUrl + "/issues/" + posted.issueId();
        for (IssueComments.Mentioned member : posted.mentioned()) {
            try {
                MimeMessage mime = sender.createMimeMessage();
                MimeMessageHelper helper = new MimeMessageHelper(mime, false, "UTF-8");
                helper.setFrom(from);
                helper.setTo(member.email());
                helper.setSubject(AlertContent.oneLine("[" + project + "] " + posted.author() + " mentioned you: " + title));
                helper.setText(posted.author() + " mentioned you in a comment on \"" + AlertContent.oneLine(title) + "\":\n\n"
                        + posted.text() + "\n\n" + link + "\n", false);
                sender.send(mime);
            } catch (Exception failed) {
                log.warn("Could not send the mention e-mail of comment {} to user {}: {}", posted.commentId(),
                        member.userId(), failed.getMessage());
            }
        }
    }
}
