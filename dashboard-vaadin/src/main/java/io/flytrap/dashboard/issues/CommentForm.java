package io.flytrap.dashboard.issues;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.Composite;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.shared.Registration;
import io.flytrap.core.issues.IssueComments;

/** A new comment; the form only asks (Post), its owner stores it and reports a refusal with showProblem. */
class CommentForm extends Composite<VerticalLayout> {

    private final TextArea text = new TextArea("Comment");
    private final Span problem = new Span();

    CommentForm() {
        text.setId("comment-text");
        text.setWidthFull();
        text.setMaxLength(IssueComments.MAX_LENGTH);
        text.setHelperText("Mention a member with @ and the part of their e-mail before the @, e.g. @alice: they get an e-mail");
        problem.setId("comment-problem");
        problem.getStyle().set("color", "var(--lumo-error-text-color)");
        Button post = new Button("Comment", click -> fireEvent(new Post(this, text.getValue())));
        post.setId("add-comment");
        post.addThemeVariants(ButtonVariant.PRIMARY, ButtonVariant.SMALL);
        VerticalLayout layout = getContent();
        layout.setPadding(false);
        layout.add(text, problem, post);
    }

    Registration addPostListener(ComponentEventListener<Post> listener) {
        return addListener(Post.class, listener);
    }

    /** After a comment was stored: an empty form for the next one. */
    void clear() {
        text.clear();
        problem.setText("");
    }

    void showProblem(String message) {
        problem.setText(message);
    }

    static class Post extends ComponentEvent<CommentForm> {
        private final String text;

        Post(CommentForm source, String text) {
            super(source, false);
            this.text = text;
        }

        String text() {
            return text;
        }
    }
}
