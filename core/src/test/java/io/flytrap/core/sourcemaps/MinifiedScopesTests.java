package io.flytrap.core.sourcemaps;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scanner on the shapes minifiers write (the real bundles are in {@link ScopeNamesTests}): the position is
 * where {@code HERE} stands, and the answer is the token naming the function around it.
 */
class MinifiedScopesTests {

    private static Optional<MinifiedScopes.Definition> around(String code) {
        int at = code.indexOf("HERE");
        return MinifiedScopes.enclosing(code, 1, at);
    }

    private static String nameAround(String code) {
        return around(code).map(MinifiedScopes.Definition::token).orElse(null);
    }

    @Test
    void shouldNameFunctionDeclarationsAndSkipBlocksInsideThem() {
        assertThat(nameAround("function a(){}function c(t){if(t){for(;;){HERE()}}}")).isEqualTo("c");
        MinifiedScopes.Definition c = around("function a(){}function c(t){HERE}").orElseThrow();
        assertThat(c.column()).isEqualTo("function a(){}function ".length());
        assertThat(c.renamable()).isTrue();
    }

    @Test
    void shouldNameFunctionExpressionsAndArrowsByWhatTheyAreAssignedTo() {
        assertThat(nameAround("var o=function(e){HERE}")).isEqualTo("o");
        assertThat(nameAround("let o=async(e,n)=>{HERE}")).isEqualTo("o");
        assertThat(nameAround("const o=e=>HERE(e),x=1")).isEqualTo("o");
        MinifiedScopes.Definition property = around("a.onClick=function(){HERE}").orElseThrow();
        assertThat(property.token()).isEqualTo("onClick");
        assertThat(property.renamable()).as("minifiers keep property names").isFalse();
        assertThat(nameAround("x={submit:function(){HERE}}")).isEqualTo("submit");
    }

    @Test
    void shouldNameMethodsOfClassesAndObjects() {
        assertThat(nameAround("class n{constructor(){}handleClick(e){if(e)HERE}}")).isEqualTo("handleClick");
        assertThat(nameAround("x={get total(){return HERE}}")).isEqualTo("total");
    }

    @Test
    void shouldNotMistakeStringsTemplatesRegexesOrCommentsForCode() {
        assertThat(nameAround("function c(){var s='function x(){',r=/[}{]/g,t=`${'}'}{`;/*}*/HERE}")).isEqualTo("c");
        assertThat(nameAround("function c(){return a.map(e=>e*2),HERE}")).as("an expression arrow ends at the comma")
                .isEqualTo("c");
    }

    @Test
    void shouldGiveNothingForAnonymousFunctionsOrTopLevelCode() {
        assertThat(around("x.then(function(e){HERE})")).isEmpty();
        assertThat(around("var a=1;HERE")).isEmpty();
        assertThat(around("function c(){'unterminated HERE")).isEmpty();
    }
}
