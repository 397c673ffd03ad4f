package io.flytrap.core.projects;

/** A new project and the client key made with it. */
public record CreatedProject(Project project, ProjectKey key) {
}
