package io.flytrap.dashboard.deadletters;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.flytrap.core.access.Caller;
import io.flytrap.core.access.NotFoundException;
import io.flytrap.core.queue.DeadLetter;
import io.flytrap.core.queue.DeadLetters;
import io.flytrap.dashboard.issues.TimeFormat;
import io.flytrap.dashboard.security.FlytrapPrincipal;
import jakarta.annotation.security.RolesAllowed;

import java.util.List;
import java.util.function.Supplier;

/**
 * Administrators see the events that failed processing as often as the queue allows, with the last error as plain
 * text, and replay them (one, the selected, or all: the oldest {@value DeadLetters#REPLAY_ALL_LIMIT} on PostgreSQL,
 * SQS's message move task on SQS) once the cause is fixed, or delete them. Replayed events go through the normal
 * processor and are stored once. Both queues through the {@link DeadLetters} port the API uses too.
 */
@Route("dead-letters")
@PageTitle("Dead letters · Flytrap")
@Menu(title = "Dead letters", order = 4)
@RolesAllowed(FlytrapPrincipal.ADMIN)
class DeadLettersView extends VerticalLayout {

    static final int PAGE_SIZE = 50;

    private final DeadLetters deadLetters;
    private final Caller caller;
    private final Grid<DeadLetter> grid = new Grid<>();
    private final Span total = new Span();

    DeadLettersView(DeadLetters deadLetters, AuthenticationContext authentication) {
        this.deadLetters = deadLetters;
        this.caller = authentication.getAuthenticatedUser(FlytrapPrincipal.class).orElseThrow().caller();
        add(new H2("Dead letters"));
        add(new Paragraph("Events that failed processing as often as the queue allows. Fix the cause, then replay "
                + "them: they go through the normal processing and are stored once."));

        Button replaySelected = new Button("Replay selected", click -> act(() ->
                this.deadLetters.replay(caller, grid.getSelectedItems().stream().map(DeadLetter::id).toList())));
        replaySelected.setId("replay-selected");
        replaySelected.addThemeVariants(ButtonVariant.PRIMARY);
        replaySelected.setEnabled(false);
        Button replayAll = new Button("Replay all", click -> act(() -> this.deadLetters.replayAll(caller)));
        replayAll.setId("replay-all");
        replayAll.setTooltipText("The oldest " + DeadLetters.REPLAY_ALL_LIMIT + " at most on PostgreSQL; all on SQS");
        total.setId("dead-letter-total");
        HorizontalLayout toolbar = new HorizontalLayout(replaySelected, replayAll, total);
        toolbar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);

        grid.setId("dead-letters");
        grid.setSelectionMode(Grid.SelectionMode.MULTI);
        grid.addSelectionListener(selection -> replaySelected.setEnabled(!selection.getAllSelectedItems().isEmpty()));
        grid.addColumn(DeadLettersView::project).setHeader("Project").setFlexGrow(1);
        // A text column: Vaadin writes it as text, so an error that quotes markup shows it and never runs it
        grid.addColumn(DeadLetter::lastError).setHeader("Last error").setFlexGrow(4);
        grid.addColumn(DeadLetter::attempts).setHeader("Attempts").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(letter -> exact(letter.firstFailure())).setHeader("First failure").setAutoWidth(true);
        grid.addColumn(letter -> exact(letter.lastFailure())).setHeader("Last failure").setAutoWidth(true);
        grid.addColumn(letter -> exact(letter.receivedAt())).setHeader("Received").setAutoWidth(true);
        grid.addComponentColumn(this::actions).setAutoWidth(true).setFlexGrow(0);
        grid.setPageSize(PAGE_SIZE);
        // Counted up to what the queue can list (SQS lists what one pass over its dead-letter queue sees)
        grid.setItems(query -> this.deadLetters.list(caller, query.getOffset(),
                        Math.min(query.getLimit(), DeadLetters.MAX_PAGE_SIZE)).items().stream(),
                query -> (int) Math.min(this.deadLetters.mostListed(), this.deadLetters.list(caller, 0, 1).total()));
        add(toolbar, grid);
        setSizeFull();
        grid.setSizeFull();
        showTotal();
    }

    private HorizontalLayout actions(DeadLetter letter) {
        Button replay = new Button("Replay", click -> act(() -> deadLetters.replay(caller, List.of(letter.id()))));
        replay.setId("replay-" + letter.id());
        Button delete = new Button("Delete", click -> {
            ConfirmDialog confirm = new ConfirmDialog("Delete this dead letter?",
                    "The event is lost for good: it is neither stored nor counted.", "Delete",
                    confirmed -> act(() -> {
                        deadLetters.delete(caller, letter.id());
                        return null;
                    }));
            confirm.setId("confirm");
            confirm.setCancelable(true);
            confirm.setConfirmButtonTheme("error primary");
            confirm.open();
        });
        delete.setId("delete-" + letter.id());
        delete.addThemeVariants(ButtonVariant.ERROR);
        for (Button button : List.of(replay, delete)) {
            button.addThemeVariants(ButtonVariant.SMALL);
        }
        return new HorizontalLayout(replay, delete);
    }

    /** Runs an action and shows its outcome; a letter someone else replayed or deleted meanwhile is only reported. */
    private void act(Supplier<DeadLetters.Replayed> action) {
        try {
            DeadLetters.Replayed replayed = action.get();
            if (replayed != null) {
                Notification.show(replayed.replayed() + " replayed", 3000, Notification.Position.BOTTOM_START);
            }
        } catch (NotFoundException | IllegalArgumentException gone) {
            Notification.show(gone.getMessage() + "; the list is refreshed", 4000, Notification.Position.BOTTOM_START);
        }
        grid.deselectAll();
        grid.getDataProvider().refreshAll();
        showTotal();
    }

    private void showTotal() {
        total.setText(deadLetters.list(caller, 0, 1).total() + " waiting");
    }

    /** A deleted project shows its id; an SQS message that is not one of Flytrap's has none (its error says why). */
    private static String project(DeadLetter letter) {
        if (letter.project() == null) {
            return "not a Flytrap event";
        }
        return letter.project().name() == null ? "deleted project " + letter.project().id() : letter.project().name();
    }

    private static String exact(java.time.Instant instant) {
        return instant == null ? "" : TimeFormat.exact(instant);
    }
}
