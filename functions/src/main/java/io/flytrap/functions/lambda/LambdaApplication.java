package io.flytrap.functions.lambda;

import io.flytrap.functions.IngestAndProcessing;
import io.flytrap.functions.metrics.EmbeddedMetricsConfiguration;
import io.flytrap.functions.schema.SchemaMigrationConfiguration;
import io.awspring.cloud.autoconfigure.core.AwsAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.s3.S3AutoConfiguration;
import io.awspring.cloud.autoconfigure.sns.SnsAutoConfiguration;
import io.awspring.cloud.autoconfigure.sqs.SqsAutoConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.cloud.function.adapter.aws.AWSCompanionAutoConfiguration;
import org.springframework.cloud.function.context.config.ContextFunctionCatalogAutoConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;

/**
 * The application the Lambdas start ({@code MAIN_CLASS}): the same ingest and process beans as the containers,
 * without a web server (API Gateway and SQS call the functions through FunctionInvoker) and without queue
 * workers (SQS invokes the process function). Which function a Lambda runs is {@code spring_cloud_function_definition}:
 * {@code ingest}, {@code processSqs}, or {@code migrate} (run once per deployment, before the other two take
 * traffic: Flyway's auto-configuration is left out, since its conditions would be frozen at build time).
 * <p>
 * A cold start is paid on every new Lambda instance, so the auto-configuration is an explicit list of what the two
 * functions use — database and transactions, JSON, the function catalog and its AWS event conversion, and the AWS
 * clients (each still switched on only when chosen, see {@code AwsClientSwitches}) — instead of every
 * auto-configuration on the classpath (web server, actuator, metrics, HTTP clients, mail, scheduling: 148 more
 * of the 163 in the -aws jar, each costing class loading and condition checks at start). LambdaJarIT runs every function from the
 * shaded jar, so a missing entry fails the build. Metrics go out as CloudWatch embedded metric format lines
 * ({@link EmbeddedMetricsConfiguration}), not through Micrometer, which is left out for the same reason.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({
        PropertyPlaceholderAutoConfiguration.class,
        JacksonAutoConfiguration.class,
        DataSourceAutoConfiguration.class,
        DataSourceTransactionManagerAutoConfiguration.class,
        TransactionAutoConfiguration.class,
        JdbcTemplateAutoConfiguration.class,
        JdbcClientAutoConfiguration.class,
        ContextFunctionCatalogAutoConfiguration.class,
        AWSCompanionAutoConfiguration.class,
        AwsAutoConfiguration.class,
        CredentialsProviderAutoConfiguration.class,
        RegionProviderAutoConfiguration.class,
        S3AutoConfiguration.class,
        SqsAutoConfiguration.class,
        SnsAutoConfiguration.class})
// as @SpringBootApplication scans: auto-configurations in core (NoMetricsAutoConfiguration) are not components
@ComponentScan(basePackages = "io.flytrap.core",
        excludeFilters = @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class))
@Import({IngestAndProcessing.class, SchemaMigrationConfiguration.class, EmbeddedMetricsConfiguration.class})
public class LambdaApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(LambdaApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.run(args);
    }
}
