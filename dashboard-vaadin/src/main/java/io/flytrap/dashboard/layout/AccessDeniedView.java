package io.flytrap.dashboard.layout;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.AccessDeniedException;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.ErrorParameter;
import com.vaadin.flow.router.HasErrorParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.ParentLayout;
import com.vaadin.flow.server.HttpStatusCode;
import jakarta.annotation.security.PermitAll;

/**
 * What a signed-in user sees on a page their role does not open (a member on /users): a sentence and a way back,
 * answered with 403. Vaadin's default would reroute to "Could not navigate", hiding that the page exists; here
 * nothing is hidden that the navigation does not show anyway, since the routes denied this way are the
 * administrator pages every installation has. Pages of projects one is not a member of still answer "not found"
 * (Visible), so their ids reveal nothing. Signed-out visitors never get here: they are sent to the sign-in page.
 */
@PermitAll
@ParentLayout(MainLayout.class)
@PageTitle("Not allowed · Flytrap")
public class AccessDeniedView extends VerticalLayout implements HasErrorParameter<AccessDeniedException> {

    public AccessDeniedView() {
        setId("access-denied");
        add(new H2("You are not allowed to open this page"),
                new Paragraph("It is for administrators. Ask one of them if you need something changed here."),
                new Anchor("", "Back to your projects"));
    }

    @Override
    public int setErrorParameter(BeforeEnterEvent event, ErrorParameter<AccessDeniedException> parameter) {
        return HttpStatusCode.FORBIDDEN.getCode();
    }
}
