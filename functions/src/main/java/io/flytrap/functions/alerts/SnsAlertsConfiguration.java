package io.flytrap.functions.alerts;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * E-mail alerts through AWS SNS instead of SMTP ({@code flytrap.alerts.email=sns}): a topic per project named
 * {@code flytrap.alerts.sns.topic-prefix} + project id (the IAM policy can allow exactly those). The SNS client is
 * Spring Cloud AWS's.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "flytrap.alerts.email", havingValue = "sns")
@EnableConfigurationProperties(SnsAlertsProperties.class)
class SnsAlertsConfiguration {

    @Bean
    SnsEmailTopics snsEmailTopics(SnsClient sns, JdbcClient jdbc,
                                  SnsAlertsProperties properties) {
        return new SnsEmailTopics(sns, jdbc, properties.topicPrefix());
    }

    @Bean
    SnsEmailSender snsEmailSender(SnsClient sns, SnsEmailTopics topics) {
        return new SnsEmailSender(sns, topics);
    }
}
