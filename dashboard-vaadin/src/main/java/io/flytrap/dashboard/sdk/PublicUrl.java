package io.flytrap.dashboard.sdk;

import io.flytrap.core.urls.UrlProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The addresses Flytrap is reached at: people at FLYTRAP_PUBLIC_URL (links, management API examples), SDKs at
 * FLYTRAP_INGEST_URL — the same unless ingest has an address of its own (a separate host on Kubernetes, the API
 * Gateway URL on AWS), so that the DSNs the dashboard shows are the ones that work.
 */
@Component
public class PublicUrl {

    private final String value;
    private final String ingest;

    @Autowired
    PublicUrl(UrlProperties urls) {
        this(urls.publicUrl(), urls.ingestUrl());
    }

    PublicUrl(String value, String ingest) {
        this.value = value;
        this.ingest = ingest.isBlank() ? value : ingest;
    }

    /** Where Flytrap is reached, without a trailing slash, e.g. for management API examples. */
    public String base() {
        return SdkSettings.endpointOf(value);
    }

    /** Endpoint, key and DSN for an SDK: on the ingest address. */
    public SdkSettings sdkSettings(long projectId, String apiKey) {
        return SdkSettings.of(ingest, projectId, apiKey);
    }
}
