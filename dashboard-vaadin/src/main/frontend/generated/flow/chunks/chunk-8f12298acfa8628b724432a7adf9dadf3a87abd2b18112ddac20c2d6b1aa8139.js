import '@vaadin/vertical-layout/src/vaadin-vertical-layout.js';
import '@vaadin/email-field/src/vaadin-email-field.js';
import '@vaadin/tooltip/src/vaadin-tooltip.js';
import '@vaadin/password-field/src/vaadin-password-field.js';
import '@vaadin/button/src/vaadin-button.js';
import 'Frontend/generated/jar-resources/disableOnClickFunctions.js';
import '@vaadin/login/src/vaadin-login-form.js';