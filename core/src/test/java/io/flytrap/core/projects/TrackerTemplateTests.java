package io.flytrap.core.projects;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tracker URL templates: only http(s) with known placeholders, and every value encoded so it stays a value. */
class TrackerTemplateTests {

    static final String HOSTILE = "a&b=c #x /../?y=1 <script>\"'%20+ü\n";

    @Test
    void shouldFillInEachPlaceholderEncoded() {
        TrackerTemplate github = new TrackerTemplate(" https://github.com/acme/shop/issues/new?title={title}&body={url}%0A{culprit} ");
        String url = github.expand(new TrackerTemplate.Values(HOSTILE, "https://flytrap.example.com/issues/7", null, 7, "Shop"));

        assertThat(url).isEqualTo("https://github.com/acme/shop/issues/new?title=a%26b%3Dc%20%23x%20%2F..%2F%3Fy%3D1%20%3Cscript%3E%22%27%2520%2B%C3%BC%0A"
                + "&body=https%3A%2F%2Fflytrap.example.com%2Fissues%2F7%0A");
        URI parsed = URI.create(url);
        assertThat(parsed.getHost()).isEqualTo("github.com");
        assertThat(parsed.getPath()).isEqualTo("/acme/shop/issues/new");
        assertThat(parsed.getRawQuery().split("&")).as("the title adds no parameter").hasSize(2);
        assertThat(parsed.getRawFragment()).as("nor a fragment").isNull();
    }

    @Test
    void shouldFillInIdAndProjectInThePath() {
        TrackerTemplate template = new TrackerTemplate("https://acme.atlassian.net/secure/CreateIssueDetails!init.jspa?pid=10000&issuetype=10004&summary={title}&description={url}&labels={project}-{id}");
        assertThat(template.expand(new TrackerTemplate.Values("Boom", "u", "c", 42, "My Shop")))
                .endsWith("summary=Boom&description=u&labels=My%20Shop-42");
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)//{title}", "data:text/html,{title}", "ftp://example.com/{title}",
            "/issues/new?title={title}", "https://", "https://example.com/new?t={titel}", "https://example.com/new?t={title",
            "https://example.com/new?t=}", "https://{project}.atlassian.net/new", "https://example.com/a b", ""})
    void shouldRefuseTemplatesThatAreNotPlainWebAddresses(String template) {
        assertThatThrownBy(() -> new TrackerTemplate(template)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldSayWhatIsWrong() {
        assertThatThrownBy(() -> new TrackerTemplate("https://example.com/new?t={titel}"))
                .hasMessageContaining("unknown placeholder {titel}").hasMessageContaining("{title}, {url}");
        assertThatThrownBy(() -> new TrackerTemplate("javascript:alert({title})")).hasMessageContaining("http:// or https://");
        assertThatThrownBy(() -> new TrackerTemplate("https://{project}.example.com/")).hasMessageContaining("not in its host");
    }

    @Test
    void shouldAcceptOnlyHttpAndHttpsLinks() {
        assertThat(WebAddress.require(" https://github.com/acme/shop/issues/12 ", "link")).isEqualTo("https://github.com/acme/shop/issues/12");
        assertThat(WebAddress.require("HTTP://jira.example.com/browse/SHOP-1", "link")).startsWith("HTTP://");
        for (String refused : new String[]{"javascript:alert(1)", "JavaScript://github.com/%0aalert(1)", "data:,x",
                "mailto:a@example.com", "//github.com/x", "github.com/x", "http:///x", "https://exa mple.com"}) {
            assertThatThrownBy(() -> WebAddress.require(refused, "link")).as(refused).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
