package io.flytrap.core.releases;

/** @param isNew false when the release already existed (events or an earlier pipeline run created it) */
public record ReleaseCreated(Release release, boolean isNew) {
}
