package io.flytrap.functions.schema;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The schema gate of the functions container, when it does not migrate itself ({@code spring.flyway.enabled=false},
 * the default: {@code FLYTRAP_MIGRATE=true} migrates instead). It waits right after the DataSource is made, so every
 * bean that uses the database — queue workers, ingest — and the web server's port (readiness and liveness alike)
 * come only after the schema is current.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spring.flyway.enabled", havingValue = "false")
public class SchemaGateConfiguration {

    @Bean
    static BeanPostProcessor schemaGate(Environment environment) {
        SchemaWaitProperties wait = Binder.get(environment).bindOrCreate("flytrap.schema.wait", SchemaWaitProperties.class);
        String[] locations = environment.getProperty("spring.flyway.locations", String[].class,
                new String[] {"classpath:db/migration"});
        AtomicBoolean passed = new AtomicBoolean();
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof DataSource dataSource && passed.compareAndSet(false, true)) {
                    new SchemaGate(new SchemaMigration(dataSource, locations)::status, wait).awaitCurrentSchema();
                }
                return bean;
            }
        };
    }
}
