package io.flytrap.functions.alerts;

import io.flytrap.core.projects.ProjectDeletionService.ProjectDeleted;
import io.flytrap.core.projects.ProjectMemberService.AlertRecipientsChanged;
import io.flytrap.core.projects.ProjectService.ProjectCreated;
import io.flytrap.core.users.UserAdminService.AccessChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.event.TransactionalEventListener;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One SNS topic per project for its e-mail alerts: the members who have e-mail alerts on are subscribed (SNS
 * e-mails each a confirmation link first), and unsubscribed when they leave or switch alerts off; the topic is
 * deleted with the project. Synchronised after the database change commits; a failed call is logged and repaired
 * by the next change to the project's members. A subscription still waiting for its confirmation cannot be removed
 * (SNS gives it no ARN yet); the next synchronisation after it is confirmed removes it.
 */
class SnsEmailTopics {

    private static final Logger log = LoggerFactory.getLogger(SnsEmailTopics.class);

    private final SnsClient sns;
    private final JdbcClient jdbc;
    private final String topicPrefix;

    SnsEmailTopics(SnsClient sns, JdbcClient jdbc, String topicPrefix) {
        this.sns = sns;
        this.jdbc = jdbc;
        this.topicPrefix = topicPrefix;
    }

    /** The project's topic; CreateTopic is idempotent and answers the ARN of an existing topic. */
    String topicArn(long projectId) {
        return sns.createTopic(create -> create.name(topicPrefix + projectId)).topicArn();
    }

    @TransactionalEventListener
    void created(ProjectCreated created) {
        synchronise(created.projectId());
    }

    @TransactionalEventListener
    void recipientsChanged(AlertRecipientsChanged changed) {
        synchronise(changed.projectId());
    }

    /** A user disabled or re-enabled: their projects' subscriptions follow. */
    @TransactionalEventListener
    void accessChanged(AccessChanged changed) {
        jdbc.sql("select project_id from project_members where user_id = ?").param(changed.userId()).query(Long.class).list()
                .forEach(this::synchronise);
    }

    @TransactionalEventListener
    void deleted(ProjectDeleted deleted) {
        try {
            sns.deleteTopic(delete -> delete.topicArn(topicArn(deleted.projectId())));
        } catch (RuntimeException e) {
            log.warn("Could not delete the SNS topic of deleted project {}: {}", deleted.projectId(), e.getMessage());
        }
    }

    /** Subscribes who should get the e-mails and is not subscribed; unsubscribes confirmed subscribers who should not. */
    void synchronise(long projectId) {
        try {
            String topic = topicArn(projectId);
            Set<String> wanted = new HashSet<>(jdbc.sql("""
                            select lower(u.email) from project_members m join users u on u.id = m.user_id
                            where m.project_id = ? and m.email_alerts and u.disabled_at is null""")
                    .param(projectId).query(String.class).list());
            List<Subscription> subscriptions = sns.listSubscriptionsByTopicPaginator(list -> list.topicArn(topic))
                    .subscriptions().stream().filter(s -> "email".equals(s.protocol())).toList();
            Set<String> present = new HashSet<>();
            for (Subscription subscription : subscriptions) {
                String email = subscription.endpoint().toLowerCase(Locale.ROOT);
                present.add(email);
                // a subscription still waiting for its confirmation has no ARN yet and cannot be removed
                if (!wanted.contains(email) && subscription.subscriptionArn().startsWith("arn:")) {
                    sns.unsubscribe(unsubscribe -> unsubscribe.subscriptionArn(subscription.subscriptionArn()));
                }
            }
            for (String email : wanted) {
                if (!present.contains(email)) {
                    sns.subscribe(subscribe -> subscribe.topicArn(topic).protocol("email").endpoint(email));
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not synchronise the SNS topic of project {}: {}", projectId, e.getMessage());
        }
    }
}
