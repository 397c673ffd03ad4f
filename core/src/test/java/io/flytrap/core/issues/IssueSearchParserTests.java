package io.flytrap.core.issues;

import io.flytrap.core.issues.IssueSearch.Filter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Sentry's issue search syntax, read into an IssueSearch and written back in its canonical form. */
class IssueSearchParserTests {

    private static Filter filter(String key, String value) {
        return new Filter(key, value);
    }

    @Test
    void shouldReadKeyValueFiltersAndFreeText() {
        IssueSearch search = IssueSearch.parse("is:unresolved level:error release:1.2.0 environment:production "
                + "user.email:ann@example.com user.id:42 handled:no checkout failed");

        assertThat(search.filters()).containsExactly(filter("is", "unresolved"), filter("level", "error"),
                filter("release", "1.2.0"), filter("environment", "production"), filter("user.email", "ann@example.com"),
                filter("user.id", "42"), filter("handled", "no"));
        assertThat(search.text()).containsExactly("checkout", "failed");
    }

    @Test
    void shouldTreatUnknownKeysAsTags() {
        IssueSearch search = IssueSearch.parse("browser.name:Chrome customer-tier:gold Region:EU");

        assertThat(search.filters()).allMatch(Filter::isTag);
        assertThat(search.filters()).extracting(Filter::key).as("tag keys keep their case")
                .containsExactly("browser.name", "customer-tier", "Region");
        assertThat(IssueSearch.parse("browser:Chrome").filters().getFirst().isTag())
                .as("browser is recorded like a tag but is a key of its own").isFalse();
    }

    @Test
    void shouldReadQuotedValuesWithEscapes() {
        IssueSearch search = IssueSearch.parse("browser:\"Chrome 120.0\" message:\"say \\\"hi\\\" \\\\ bye\" \"two words\"");

        assertThat(search.filters()).containsExactly(filter("browser", "Chrome 120.0"), filter("message", "say \"hi\" \\ bye"));
        assertThat(search.text()).containsExactly("two words");
    }

    @Test
    void shouldReadNegationHasAndLists() {
        IssueSearch search = IssueSearch.parse("!level:info has:user.email !has:release release:[1.0, \"1.1 beta\",2.0]");

        assertThat(search.filters()).containsExactly(new Filter("level", List.of("info"), true),
                filter("has", "user.email"), new Filter("has", List.of("release"), true),
                new Filter("release", List.of("1.0", "1.1 beta", "2.0"), false));
    }

    @Test
    void shouldNormaliseKnownKeysAndValues() {
        assertThat(IssueSearch.parse("Level:ERROR IS:Regressed handled:false has:User.Email").filters())
                .containsExactly(filter("level", "error"), filter("is", "regressed"), filter("handled", "no"),
                        filter("has", "user.email"));
        assertThat(IssueSearch.parse("handled:1").filters()).containsExactly(filter("handled", "yes"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"is:unresolved", "!level:info browser:Chrome", "release:[1.0,\"1.1 beta\"] has:user.email",
            "tag:\"a \\\"quoted\\\" value\" \"a:b\" \"!bang\" word", "url:https://shop.example/cart?x=1",
            "user.email:\"x'; drop table issues; --\" \"100% off\" under_score", "!has:environment \"[bracket\""})
    void shouldRoundTripTheCanonicalForm(String query) {
        IssueSearch search = IssueSearch.parse(query);

        assertThat(IssueSearch.parse(search.toQueryString())).isEqualTo(search);
        assertThat(IssueSearch.parse(search.toQueryString()).toQueryString()).isEqualTo(search.toQueryString());
    }

    @Test
    void shouldWriteACanonicalForm() {
        assertThat(IssueSearch.parse("  checkout   LEVEL:error  \"a:b\"  browser:\"Chrome\" ").toQueryString())
                .as("filters first, single spaces, quotes only where needed")
                .isEqualTo("level:error browser:Chrome checkout \"a:b\"");
        assertThat(IssueSearch.parse("").toQueryString()).isEmpty();
        assertThat(IssueSearch.parse(null)).isEqualTo(IssueSearch.empty());
    }

    @Test
    void shouldKeepValuesAsDataNeverAsSyntax() {
        // what must NOT happen: a quote, semicolon or percent sign ending the value, starting SQL or a wildcard
        IssueSearch search = IssueSearch.parse("user.email:x';drop_table_issues;-- \"50% of 'users'\" tag:\"%\"");

        assertThat(search.filters()).containsExactly(filter("user.email", "x';drop_table_issues;--"), filter("tag", "%"));
        assertThat(search.text()).containsExactly("50% of 'users'");
        assertThat(IssueSearchSql.likeEscaped("50%_\\")).isEqualTo("50\\%\\_\\\\");
    }

    @Test
    void shouldReplaceAKeysFiltersForTheShortcutControls() {
        IssueSearch search = IssueSearch.parse("is:unresolved level:error checkout !level:fatal");

        assertThat(search.plainValues("level")).as("two level filters: no single choice shows them").isEmpty();
        assertThat(search.plainValues("is")).containsExactly("unresolved");
        assertThat(search.with("level", List.of("warning", "info")).toQueryString())
                .isEqualTo("is:unresolved level:[warning,info] checkout");
        assertThat(search.with("is", List.of()).toQueryString()).isEqualTo("level:error !level:fatal checkout");
        assertThat(search.with("release", List.of("1.0")).toQueryString())
                .isEqualTo("is:unresolved level:error !level:fatal release:1.0 checkout");
    }

    @Test
    void shouldExplainWhatIsWrongWithTheSyntax() {
        assertThatThrownBy(() -> IssueSearch.parse("release:\"1.0 beta")).isInstanceOf(InvalidSearchException.class)
                .hasMessageContaining("Unterminated quote at position 9");
        assertThatThrownBy(() -> IssueSearch.parse("\"open phrase")).hasMessageContaining("Unterminated quote at position 1");
        assertThatThrownBy(() -> IssueSearch.parse("level: error")).hasMessageContaining("level: needs a value");
        assertThatThrownBy(() -> IssueSearch.parse("level:critical")).hasMessageContaining("level: must be one of fatal, error");
        assertThatThrownBy(() -> IssueSearch.parse("is:open")).hasMessageContaining("is: must be one of unresolved, resolved, ignored, regressed");
        assertThatThrownBy(() -> IssueSearch.parse("handled:maybe")).hasMessageContaining("handled: must be yes or no");
        assertThatThrownBy(() -> IssueSearch.parse("release:[1.0,2.0")).hasMessageContaining("Unclosed \"[\" at position 9");
        assertThatThrownBy(() -> IssueSearch.parse("release:[1.0,,2.0]")).hasMessageContaining("empty value");
        assertThatThrownBy(() -> IssueSearch.parse("!checkout")).hasMessageContaining("\"!\" negates a key:value filter");
        assertThatThrownBy(() -> IssueSearch.parse("has:level")).hasMessageContaining("every issue has level");
        assertThatThrownBy(() -> IssueSearch.parse("has:[a,b]")).hasMessageContaining("has: takes one key");
        assertThatThrownBy(() -> IssueSearch.parse("has:\"user email\"")).hasMessageContaining("has: takes a key of letters");
        assertThatThrownBy(() -> IssueSearch.parse("browser:\"Chrome\"x")).hasMessageContaining("Expected a space");
        assertThatThrownBy(() -> IssueSearch.parse("tag:" + "v".repeat(201))).hasMessageContaining("at most 200 characters");
        assertThatThrownBy(() -> IssueSearch.parse("w ".repeat(11))).hasMessageContaining("Too many words");
        assertThatThrownBy(() -> IssueSearch.parse("x".repeat(1_001))).hasMessageContaining("too long");
        assertThatThrownBy(() -> IssueSearch.parse("\"\"")).hasMessageContaining("Empty quotes");
    }

    @Test
    void shouldReadWordsThatAreNotFiltersAsText() {
        assertThat(IssueSearch.parse("a/b:c :colon 100%").text()).as("not key characters before the colon")
                .containsExactly("a/b:c", ":colon", "100%");
        assertThat(IssueSearch.parse("a/b:c").filters()).isEmpty();
    }

    @Test
    void shouldReadAssigneeFiltersInOneCanonicalForm() {
        assertThat(IssueSearch.parse("assigned:me Assigned:Ann@Example.com !assigned:ME").filters()).containsExactly(
                filter("assigned", "me"), filter("assigned", "ann@example.com"), new Filter("assigned", List.of("me"), true));
        assertThat(IssueSearch.parse("is:unassigned").filters()).as("is:unassigned is !has:assignee")
                .containsExactly(new Filter("has", List.of("assignee"), true));
        assertThat(IssueSearch.parse("is:assigned !is:unassigned has:Assignee").filters())
                .containsExactly(filter("has", "assignee"), filter("has", "assignee"), filter("has", "assignee"));
        assertThat(IssueSearch.parse("!is:assigned").filters()).containsExactly(new Filter("has", List.of("assignee"), true));
        IssueSearch search = IssueSearch.parse("is:unresolved is:unassigned assigned:[me,\"bo@example.com\"]");
        assertThat(search.toQueryString()).isEqualTo("is:unresolved !has:assignee assigned:[me,bo@example.com]");
        assertThat(IssueSearch.parse(search.toQueryString())).isEqualTo(search);
        assertThat(search.plainValues("is")).as("the status control still reads is:unresolved").containsExactly("unresolved");
        assertThat(IssueSearch.parse("assigned:me").filters().getFirst().isTag()).isFalse();
    }

    @Test
    void shouldRefuseAssigneeFiltersItCannotRead() {
        assertThatThrownBy(() -> IssueSearch.parse("assigned:bob")).isInstanceOf(InvalidSearchException.class)
                .hasMessageContaining("assigned: takes me or a member's e-mail address");
        assertThatThrownBy(() -> IssueSearch.parse("assigned:@example.com")).hasMessageContaining("assigned: takes me");
        assertThatThrownBy(() -> IssueSearch.parse("is:[unresolved,unassigned]")).hasMessageContaining("stand alone");
        assertThatThrownBy(() -> IssueSearch.parse("is:mine")).hasMessageContaining("is: must be one of");
    }
}
