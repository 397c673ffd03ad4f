package io.flytrap.bench.engine;

import io.flytrap.core.projects.CreatedProject;
import io.flytrap.core.projects.ProjectService;
import io.flytrap.core.users.Role;
import io.flytrap.core.users.UserService;

import java.util.UUID;

/** A user and a project to send events to. */
final class BenchProject {

    private BenchProject() {
    }

    static CreatedProject create(UserService users, ProjectService projects) {
        var owner = users.create("bench-" + UUID.randomUUID() + "@example.com", "benchmark password", Role.ADMIN);
        return projects.create(owner.asCaller(), "Benchmark", "javascript");
    }
}
