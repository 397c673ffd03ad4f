package io.flytrap.dashboard.issues;

import io.flytrap.core.issues.IssueChangeFeed;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/** Open issue views hear of changes through core's feed, fanned out in this process by {@link IssueUpdates}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LiveProperties.class)
class LiveUpdatesConfiguration {

    @Bean
    IssueChangeFeed issueChangeFeed(DataSource dataSource, IssueUpdates updates, LiveProperties properties) {
        return new IssueChangeFeed(dataSource, updates, properties.pollInterval());
    }
}
