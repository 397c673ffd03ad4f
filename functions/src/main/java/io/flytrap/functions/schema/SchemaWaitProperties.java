package io.flytrap.functions.schema;

import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code flytrap.schema.wait.*}: how long a functions container waits for the schema before it gives up and exits.
 *
 * @param timeout      give up after this long (Kubernetes restarts the pod, so a later try follows anyway); the
 *                     Helm chart's startup probe allows for it
 * @param pollInterval how often the database is asked
 */
record SchemaWaitProperties(@DefaultValue("10m") Duration timeout, @DefaultValue("5s") Duration pollInterval) {
}
