package io.flytrap.core.users;

/** A single sign-on the policy refuses. The reason is a stable code (audit log, sign-in page), never token content. */
public class SsoRefusedException extends RuntimeException {

    /** Why, as recorded in the audit log ({@code details.reason}) and shown on the sign-in page. */
    public enum Reason {
        NO_EMAIL("no-email"), EMAIL_NOT_VERIFIED("email-not-verified"), NOT_ALLOWED("not-allowed"),
        ACCOUNT_DISABLED("account-disabled"), INVALID_TOKEN("invalid-token"), PROVIDER_ERROR("provider-error"),
        /** Its discovery document cannot be read (down, or not yet up): nothing was asked of the person, so not audited. */
        PROVIDER_UNREACHABLE("provider-unreachable");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public SsoRefusedException(Reason reason) {
        super("single sign-on refused: " + reason.code());
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
