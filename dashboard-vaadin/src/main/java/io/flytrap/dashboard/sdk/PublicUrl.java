package io.flytrap.dashboard.sdk;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The address users and SDKs reach Flytrap at (FLYTRAP_PUBLIC_URL), for DSNs, examples and links. */
@Component
public class PublicUrl {

    private final String value;

    PublicUrl(@Value("${flytrap.public-url}") String value) {
        this.value = value;
    }

    /** Where Flytrap is reached, without a trailing slash, e.g. for management API examples. */
    public String base() {
        return SdkSettings.endpointOf(value);
    }

    public SdkSettings sdkSettings(long projectId, String apiKey) {
        return SdkSettings.of(value, projectId, apiKey);
    }
}
