package io.flytrap.functions.alerts;

import io.flytrap.core.alerts.AlertContent;
import io.flytrap.core.alerts.AlertMessage;
import io.flytrap.core.alerts.AlertSender;
import io.flytrap.core.alerts.ChannelKind;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * E-mail alerts through the project's SNS topic: one publish reaches every subscribed member. SNS e-mails are
 * plain text, and a subject must be printable ASCII under 100 characters, so it is cut down to that.
 */
class SnsEmailSender implements AlertSender {

    static final int MAX_SUBJECT = 99;

    private final SnsClient sns;
    private final SnsEmailTopics topics;

    SnsEmailSender(SnsClient sns, SnsEmailTopics topics) {
        this.sns = sns;
        this.topics = topics;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.EMAIL;
    }

    @Override
    public void send(Destination destination, AlertMessage message) {
        String topic = topics.topicArn(message.projectId());
        sns.publish(publish -> publish.topicArn(topic).subject(subject(message)).message(AlertContent.text(message)));
    }

    static String subject(AlertMessage message) {
        String ascii = AlertContent.subject(message).replaceAll("[^\\x20-\\x7E]", "?");
        return ascii.length() > MAX_SUBJECT ? ascii.substring(0, MAX_SUBJECT - 1) + "~" : ascii;
    }
}
