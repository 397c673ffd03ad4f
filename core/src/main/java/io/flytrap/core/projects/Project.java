package io.flytrap.core.projects;

import java.time.Instant;

public record Project(long id, String name, String platform, Instant createdAt) {
}
