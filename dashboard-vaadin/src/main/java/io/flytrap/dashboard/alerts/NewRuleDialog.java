package io.flytrap.dashboard.alerts;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.checkbox.CheckboxGroup;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.shared.Registration;
import io.flytrap.core.alerts.AlertRuleService.RuleRequest;
import io.flytrap.core.alerts.RuleKind;
import io.flytrap.core.event.Level;

import java.util.Arrays;
import java.util.List;

/** Asks for a new alert rule; its owner creates it (the service validates) and reports refusals with showProblem. */
class NewRuleDialog extends Dialog {

    private final Paragraph problem = new Paragraph();

    NewRuleDialog() {
        setHeaderTitle("New alert rule");
        Select<RuleKind> kind = new Select<>();
        kind.setId("rule-kind");
        kind.setLabel("When");
        kind.setItems(RuleKind.values());
        kind.setItemLabelGenerator(AlertRulesPanel::kindLabel);
        kind.setValue(RuleKind.FREQUENCY);
        IntegerField threshold = new IntegerField("More than … events");
        threshold.setId("rule-threshold");
        threshold.setValue(100);
        IntegerField window = new IntegerField("… within minutes");
        window.setId("rule-window");
        window.setValue(5);
        kind.addValueChangeListener(change -> {
            threshold.setVisible(change.getValue() == RuleKind.FREQUENCY);
            window.setVisible(change.getValue() == RuleKind.FREQUENCY);
        });
        TextField environments = new TextField("Environments (comma-separated, empty: any)");
        environments.setId("rule-environments");
        CheckboxGroup<String> levels = new CheckboxGroup<>("Levels (none ticked: any)");
        levels.setItems(Arrays.stream(Level.values()).map(Level::wireName).toList());
        IntegerField cooldown = new IntegerField("Cool-down per issue (minutes)");
        cooldown.setValue(60);
        Checkbox notifyAssignee = new Checkbox("Also e-mail the issue's assignee (through the e-mail channel)");
        notifyAssignee.setId("rule-notify-assignee");
        Button save = new Button("Add", click -> {
            List<String> envs = Arrays.stream(environments.getValue().split(",")).map(String::strip).filter(e -> !e.isEmpty()).toList();
            fireEvent(new Save(this, new RuleRequest(kind.getValue().wireName(), threshold.getValue(),
                    window.getValue(), envs, List.copyOf(levels.getValue()), cooldown.getValue(), true,
                    notifyAssignee.getValue())));
        });
        save.setId("save-rule");
        save.addThemeVariants(ButtonVariant.PRIMARY);
        String wholeNumber = "Enter a whole number.";
        threshold.setI18n(new IntegerField.IntegerFieldI18n().setBadInputErrorMessage(wholeNumber));
        window.setI18n(new IntegerField.IntegerFieldI18n().setBadInputErrorMessage(wholeNumber));
        cooldown.setI18n(new IntegerField.IntegerFieldI18n().setBadInputErrorMessage(wholeNumber));
        problem.addClassName("dialog-problem");
        VerticalLayout form = new VerticalLayout(kind, threshold, window, environments, levels, cooldown, notifyAssignee, problem);
        form.addClassName("dialog-form");
        form.getChildren().forEach(field -> ((com.vaadin.flow.component.HasSize) field).setWidthFull());
        add(form);
        getFooter().add(new Button("Cancel", click -> close()), save);
    }

    Registration addSaveListener(ComponentEventListener<Save> listener) {
        return addListener(Save.class, listener);
    }

    void showProblem(String text) {
        problem.setText(text);
    }

    static class Save extends ComponentEvent<NewRuleDialog> {
        private final RuleRequest rule;

        Save(NewRuleDialog source, RuleRequest rule) {
            super(source, false);
            this.rule = rule;
        }

        RuleRequest rule() {
            return rule;
        }
    }
}
