package io.flytrap.dashboard.projects;

import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import io.flytrap.core.access.Caller;
import io.flytrap.core.sourcemaps.Artifact;
import io.flytrap.core.sourcemaps.ArtifactService;
import io.flytrap.dashboard.issues.TimeFormat;
import io.flytrap.dashboard.sdk.PublicUrl;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * A project's source maps: how to upload them, the uploaded ones (each deletable), and the upload tokens CI uses
 * for that, which the view passes in as their own panel.
 */
class SourceMapsSection extends Composite<VerticalLayout> {

    private final ArtifactService artifacts;
    private final Caller caller;
    private final long projectId;
    private final Grid<Artifact> grid = new Grid<>();

    SourceMapsSection(ArtifactService artifacts, PublicUrl publicUrl, Clock clock, Caller caller, long projectId,
                      UploadTokensPanel uploadTokens) {
        this.artifacts = artifacts;
        this.caller = caller;
        this.projectId = projectId;
        grid.setId("artifacts");
        grid.addColumn(artifact -> artifact.release() == null ? "every release" : artifact.release())
                .setHeader("Release").setFlexGrow(1);
        grid.addColumn(Artifact::name).setHeader("File").setFlexGrow(3);
        grid.addColumn(artifact -> humanSize(artifact.sizeBytes())).setHeader("Size").setFlexGrow(0).setWidth("7em");
        grid.addColumn(artifact -> TimeFormat.ago(artifact.createdAt(), clock.instant()))
                .setHeader("Uploaded").setFlexGrow(0).setWidth("9em");
        grid.addComponentColumn(this::deleteButton).setAutoWidth(true).setFlexGrow(0);
        grid.setAllRowsVisible(true);

        Paragraph help = new Paragraph("Upload the source maps of each release, and stack traces show your original "
                + "code. Flytrap never fetches maps from the web.");
        Pre upload = new Pre("curl -X POST --data-binary @dist/app.min.js.map -H 'Authorization: Bearer <API token>' \\\n  '"
                + publicUrl.base() + "/api/v1/projects/" + projectId + "/artifacts?release=<release>&name=~/static/app.min.js'");
        upload.getStyle().set("white-space", "pre-wrap").set("font-size", "var(--lumo-font-size-s)");
        getContent().add(new H3("Source maps"), help, upload, grid, uploadTokens);
        getContent().setPadding(false);
        refresh();
    }

    private Button deleteButton(Artifact artifact) {
        Button delete = new Button("Delete", click -> Confirmation.ask("Delete the map for " + artifact.name() + "?",
                "New events from this file will show minified frames again.", "Delete", () -> {
                    artifacts.delete(caller, projectId, artifact.id());
                    refresh();
                }));
        delete.setId("delete-artifact-" + artifact.id());
        delete.addThemeVariants(ButtonVariant.SMALL, ButtonVariant.LUMO_ERROR);
        return delete;
    }

    private void refresh() {
        List<Artifact> all = artifacts.list(caller, projectId, null);
        grid.setItems(all);
        grid.setVisible(!all.isEmpty());
    }

    private static String humanSize(long bytes) {
        return bytes >= 1_048_576 ? String.format(Locale.ROOT, "%.1f MB", bytes / 1_048_576.0)
                : bytes >= 1_024 ? String.format(Locale.ROOT, "%.0f KB", bytes / 1_024.0) : bytes + " B";
    }
}
