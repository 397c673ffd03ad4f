package io.flytrap.dashboard.sdk;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PublicUrlTests {

    @Test
    void shouldGiveSdksTheIngestAddressWhenIngestHasOneOfItsOwn() {
        PublicUrl urls = new PublicUrl("https://errors.example.com", "https://ingest.errors.example.com");

        SdkSettings settings = urls.sdkSettings(7, "abc123");

        assertThat(settings.dsn()).isEqualTo("https://abc123@ingest.errors.example.com/7");
        assertThat(settings.endpoint()).isEqualTo("https://ingest.errors.example.com");
        assertThat(urls.base()).as("people keep the dashboard's address").isEqualTo("https://errors.example.com");
    }

    @Test
    void shouldUseThePublicUrlForSdksWhenNoIngestUrlIsSet() {
        PublicUrl urls = new PublicUrl("http://localhost:8080/", "");

        assertThat(urls.sdkSettings(3, "k").dsn()).isEqualTo("http://k@localhost:8080/3");
        assertThat(urls.base()).isEqualTo("http://localhost:8080");
    }
}
