package io.flytrap.core.alerts.channels;

import io.flytrap.core.alerts.AlertContent;
import io.flytrap.core.alerts.AlertMessage;
import io.flytrap.core.alerts.AlertSender;
import io.flytrap.core.alerts.ChannelKind;
import jakarta.mail.internet.MimeMessage;
import org.springframework.beans.factory.ObjectProvider;
import io.flytrap.core.alerts.AlertsProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

import java.io.IOException;

/**
 * E-mail through SMTP (Spring Mail; set {@code spring.mail.host} and friends). A message to one member: plain
 * text and HTML, every event value escaped in the HTML. Without a mail server configured an e-mail alert fails
 * at once, visibly, instead of retrying for hours.
 */
@Component
@ConditionalOnProperty(name = "flytrap.alerts.email", havingValue = "smtp", matchIfMissing = true)
class EmailSender implements AlertSender {

    private final ObjectProvider<JavaMailSender> mail;
    private final String from;

    EmailSender(ObjectProvider<JavaMailSender> mail, AlertsProperties properties) {
        this.mail = mail;
        this.from = properties.mailFrom();
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.EMAIL;
    }

    @Override
    public void send(Destination destination, AlertMessage message) throws Exception {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null) {
            throw new PermanentFailure("e-mail is not configured: set spring.mail.host (SPRING_MAIL_HOST)");
        }
        MimeMessage mime = sender.createMimeMessage();
        MimeMessageHelper helper = new MimeMessageHelper(mime, true, "UTF-8");
        helper.setFrom(from);
        helper.setTo(destination.recipient());
        helper.setSubject(AlertContent.subject(message));
        helper.setText(AlertContent.text(message), AlertContent.html(message));
        try {
            sender.send(mime);
        } catch (MailSendException e) {
            // connection refused, timeouts, 4xx from the server: worth retrying later
            throw new IOException("SMTP: " + e.getMessage(), e);
        }
    }
}
