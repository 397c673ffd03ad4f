package io.flytrap.dashboard.alerts;

import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.shared.Registration;
import io.flytrap.core.access.Caller;
import io.flytrap.core.alerts.AlertRule;
import io.flytrap.core.alerts.AlertRuleService;
import io.flytrap.core.alerts.AlertRuleService.RuleRequest;
import io.flytrap.core.alerts.RuleKind;

/** A project's alert rules: each can be switched off or deleted; new ones come from NewRuleDialog. */
class AlertRulesPanel extends Composite<VerticalLayout> {

    private final AlertRuleService rules;
    private final Caller caller;
    private final long projectId;
    private final Grid<AlertRule> grid = new Grid<>();

    AlertRulesPanel(AlertRuleService rules, Caller caller, long projectId) {
        this.rules = rules;
        this.caller = caller;
        this.projectId = projectId;
        grid.setId("alert-rules");
        grid.addColumn(AlertRulesPanel::describe).setHeader("When").setFlexGrow(3);
        grid.addColumn(rule -> rule.environments().isEmpty() ? "any" : String.join(", ", rule.environments()))
                .setHeader("Environments").setFlexGrow(1);
        grid.addColumn(rule -> rule.levels().isEmpty() ? "any" : String.join(", ", rule.levels())).setHeader("Levels").setFlexGrow(1);
        grid.addColumn(rule -> rule.cooldownMinutes() + " min").setHeader("Cool-down").setFlexGrow(1);
        grid.addComponentColumn(rule -> {
            Checkbox enabled = new Checkbox(rule.enabled());
            enabled.addValueChangeListener(change -> {
                rules.update(caller, projectId, rule.id(), new RuleRequest(null, null, null, null, null, null, change.getValue()));
                fireEvent(new AlertsChanged(this));
            });
            return enabled;
        }).setHeader("On").setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(rule -> {
            Checkbox assignee = new Checkbox(rule.notifyAssignee());
            assignee.setAriaLabel("Also e-mail the issue's assignee");
            assignee.addValueChangeListener(change -> {
                rules.update(caller, projectId, rule.id(), new RuleRequest(null, null, null, null, null, null, null, change.getValue()));
                fireEvent(new AlertsChanged(this));
            });
            return assignee;
        }).setHeader("Assignee").setTooltipGenerator(rule -> "Also e-mail the issue's assignee").setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(rule -> AlertsPanelParts.small("Delete", () -> {
            rules.delete(caller, projectId, rule.id());
            fireEvent(new AlertsChanged(this));
        })).setAutoWidth(true).setFlexGrow(0);
        grid.setAllRowsVisible(true);

        Button addRule = new Button("Add rule", click -> openRuleDialog());
        addRule.setId("add-rule");
        getContent().add(AlertsPanelParts.header("Rules", addRule), grid);
        getContent().setPadding(false);
    }

    Registration addAlertsChangedListener(ComponentEventListener<AlertsChanged> listener) {
        return addListener(AlertsChanged.class, listener);
    }

    void refresh() {
        grid.setItems(rules.list(caller, projectId));
    }

    private void openRuleDialog() {
        NewRuleDialog dialog = new NewRuleDialog();
        dialog.addSaveListener(save -> {
            try {
                rules.create(caller, projectId, save.rule());
                dialog.close();
                fireEvent(new AlertsChanged(this));
            } catch (IllegalArgumentException invalid) {
                dialog.showProblem(invalid.getMessage());
            }
        });
        dialog.open();
    }

    static String kindLabel(RuleKind kind) {
        return switch (kind) {
            case NEW_ISSUE -> "A new issue appears";
            case REGRESSION -> "A resolved issue comes back";
            case FREQUENCY -> "An issue has many events";
        };
    }

    static String describe(AlertRule rule) {
        return rule.kind() == RuleKind.FREQUENCY
                ? "More than " + rule.threshold() + " events in " + rule.windowMinutes() + " min"
                : kindLabel(rule.kind());
    }
}
