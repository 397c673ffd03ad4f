package io.flytrap.core.urls;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import static io.flytrap.core.settings.Settings.requireText;

/**
 * Where users and SDKs reach this installation; links in alerts and DSNs shown in the dashboard are built from it.
 * The dashboard sets {@code flytrap.public-url} from its own port when FLYTRAP_PUBLIC_URL is not given.
 *
 * @param publicUrl the dashboard's address as users' browsers see it (behind any proxy)
 * @param ingestUrl where SDKs send events, when not the public URL (a separate ingest host); empty means the same
 */
@ConfigurationProperties("flytrap")
public record UrlProperties(@DefaultValue("http://localhost:8080") String publicUrl,
                            @DefaultValue("") String ingestUrl) {

    public UrlProperties {
        requireText("flytrap.public-url", publicUrl);
    }

    /** The public URL without a trailing slash, for appending paths. */
    public String publicBase() {
        return publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }
}
