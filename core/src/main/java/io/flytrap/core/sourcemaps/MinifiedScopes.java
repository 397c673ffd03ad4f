package io.flytrap.core.sourcemaps;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds, in generated (minified) JavaScript, the function that encloses a position, and where that function's name
 * stands in the generated code: {@code function c(e){…}}, {@code a=function(){…}}, {@code o=(e)=>…},
 * {@code onClick(e){…}} in a class or object. The source map names that token with the original name, which is the
 * frame's original function name whoever called it (the name at the caller's call site is only the name the
 * caller used, and a wrapper such as {@code fn.apply} or an event listener has none).
 * <p>
 * A scanner, not a parser: it skips strings, template literals, comments and regular expressions, and follows
 * brackets. What it cannot place yields nothing, and the frame keeps the name it had.
 * <p>
 * Longer than Flytrap's usual 250 lines on purpose: one tokenizer whose states (string, template, regex, comment,
 * bracket depth) are read by every rule, so splitting it would pass that state between classes on every character.
 */
final class MinifiedScopes {

    /**
     * @param line      1-based generated line of the function's name token
     * @param column    0-based generated column of it
     * @param token     the name as written in the generated code
     * @param renamable whether a minifier may have renamed it (a variable or function binding); property and method
     *                  names are kept as written, so the token is the original name even where the map has none
     */
    record Definition(int line, int column, String token, boolean renamable) {
    }

    /** Words after which a parenthesis and a brace open a block, not a method. */
    private static final Set<String> BLOCK_KEYWORDS = Set.of("if", "for", "while", "switch", "catch", "with", "function",
            "return", "typeof", "void", "delete", "new", "in", "of", "instanceof", "await", "yield", "else", "do", "case");
    /** Words after which a slash starts a regular expression. */
    private static final Set<String> BEFORE_REGEX = Set.of("return", "typeof", "case", "do", "else", "in", "of", "new",
            "delete", "void", "throw", "instanceof", "yield", "await");
    private static final List<String> OPERATORS = List.of(">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=",
            "||=", "??=", "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=", "%=",
            "&=", "|=", "^=", "**", "<<", ">>");

    private enum Kind { BLOCK, FUNCTION, PAREN, BRACKET, ARROW_BODY, TEMPLATE }

    /** @param name index of the name token, -1 for an anonymous function or a non-function scope */
    private record Scope(Kind kind, int name, boolean renamable) {
    }

    private record Token(String text, int start, boolean word) {
    }

    /** A function's extent in the generated code, and its definition (null when anonymous). */
    private record Range(int start, int end, Definition definition) {
    }

    private String code;
    private final int[] lineStarts;
    private final List<Token> tokens = new ArrayList<>();
    /** For each ")" token index, the index of its "("; -1 for other tokens. */
    private final List<Integer> openerOf = new ArrayList<>();
    private final Deque<Scope> scopes = new ArrayDeque<>();
    private final Deque<Integer> scopeStarts = new ArrayDeque<>();
    private final Deque<Integer> openParens = new ArrayDeque<>();
    private List<Range> ranges = new ArrayList<>();
    private int i;

    private MinifiedScopes(String code) {
        this.code = code;
        this.lineStarts = lineStarts(code);
    }

    /**
     * Scans the generated code once (a frame lookup is then a search of the function ranges, not a scan of a
     * bundle of megabytes). Functions still open where the scanner lost track of the code are left out.
     */
    static MinifiedScopes index(String code) {
        MinifiedScopes scanner = new MinifiedScopes(code);
        scanner.scan();
        scanner.ranges = List.copyOf(scanner.ranges);
        scanner.tokens.clear(); // only the ranges are kept (the index is cached per file)
        scanner.openerOf.clear();
        scanner.scopes.clear();
        scanner.code = null;
        return scanner;
    }

    /** For tests and one-off lookups: {@link #index} then {@link #enclosing(int, int)}. */
    static Optional<Definition> enclosing(String code, int line, int column) {
        return index(code).enclosing(line, column);
    }

    /** The definition of the innermost function enclosing a 1-based line and 0-based column, if it has a name. */
    Optional<Definition> enclosing(int line, int column) {
        if (line < 1 || line > lineStarts.length) {
            return Optional.empty();
        }
        int target = lineStarts[line - 1] + column;
        Range innermost = null;
        for (Range range : ranges) {
            if (range.start() <= target && target < range.end() && (innermost == null || range.start() > innermost.start())) {
                innermost = range;
            }
        }
        // anonymous innermost function: nothing, and the frame keeps its call-site name
        return innermost == null ? Optional.empty() : Optional.ofNullable(innermost.definition());
    }

    /** Memory the index holds, for the resolver's cache. */
    int weight() {
        return 64 + 4 * lineStarts.length + 48 * ranges.size();
    }

    private static int[] lineStarts(String code) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int k = 0; k < code.length(); k++) {
            char c = code.charAt(k);
            if (c == '\n' || (c == '\r' && (k + 1 == code.length() || code.charAt(k + 1) != '\n'))) {
                starts.add(k + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Tokenises the code; false where it could not be followed (unterminated string and the like). */
    private boolean scan() {
        if (code.startsWith("#!")) {
            skipLine();
        }
        while (i < code.length()) {
            char c = code.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == '/' && i + 1 < code.length() && code.charAt(i + 1) == '/') {
                skipLine();
            } else if (c == '/' && i + 1 < code.length() && code.charAt(i + 1) == '*') {
                int end = code.indexOf("*/", i + 2);
                if (end < 0) {
                    return false;
                }
                i = end + 2;
            } else if (c == '\'' || c == '"') {
                int start = i;
                if (!skipString(c)) {
                    return false;
                }
                add(code.substring(start, i), start, false);
            } else if (c == '`') {
                i++;
                if (!continueTemplate()) {
                    return false;
                }
            } else if (c == '/' && regexAllowed()) {
                int start = i;
                if (!skipRegex()) {
                    return false;
                }
                add("/re/", start, false);
            } else if (Character.isJavaIdentifierStart(c) || c == '#' || c == '\\') {
                int start = i++;
                while (i < code.length() && (Character.isJavaIdentifierPart(code.charAt(i)) || code.charAt(i) == '\\')) {
                    i++;
                }
                add(code.substring(start, i), start, true);
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < code.length() && Character.isDigit(code.charAt(i + 1)))) {
                int start = i++;
                while (i < code.length() && (Character.isLetterOrDigit(code.charAt(i)) || code.charAt(i) == '.' || code.charAt(i) == '_')) {
                    i++;
                }
                add(code.substring(start, i), start, false);
            } else {
                if (!punctuator()) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean punctuator() {
        int start = i;
        String op = OPERATORS.stream().filter(o -> code.startsWith(o, start)).findFirst().orElse(String.valueOf(code.charAt(start)));
        i += op.length();
        switch (op) {
            case "(" -> {
                add(op, start, false);
                openParens.push(tokens.size() - 1);
                open(new Scope(Kind.PAREN, -1, false), start);
            }
            case ")" -> {
                endArrowBodies(start);
                if (scopes.isEmpty() || scopes.peek().kind() != Kind.PAREN || openParens.isEmpty()) {
                    return false;
                }
                close(start + 1);
                add(op, start, false);
                openerOf.set(tokens.size() - 1, openParens.pop());
            }
            case "[" -> {
                add(op, start, false);
                open(new Scope(Kind.BRACKET, -1, false), start);
            }
            case "]" -> {
                endArrowBodies(start);
                if (scopes.isEmpty() || scopes.peek().kind() != Kind.BRACKET) {
                    return false;
                }
                close(start + 1);
                add(op, start, false);
            }
            case "{" -> {
                open(braceScope(), start);
                add(op, start, false);
            }
            case "}" -> {
                endArrowBodies(start);
                if (scopes.isEmpty()) {
                    return false;
                }
                Scope closed = close(start + 1);
                if (closed.kind() == Kind.TEMPLATE) {
                    return continueTemplate(); // back inside the template literal after "${…}"
                }
                add(op, start, false);
            }
            case ",", ";" -> {
                endArrowBodies(start);
                add(op, start, false);
            }
            case "=>" -> {
                int paramsStart = arrowParamsStart(tokens.size() - 1);
                add(op, start, false);
                int next = nextNonSpace(i);
                if (next >= code.length() || code.charAt(next) != '{') {
                    open(functionScope(paramsStart, Kind.ARROW_BODY), next);
                }
            }
            default -> add(op, start, false);
        }
        return true;
    }

    /** An expression-bodied arrow ends where its enclosing list or statement continues. */
    private void endArrowBodies(int at) {
        while (!scopes.isEmpty() && scopes.peek().kind() == Kind.ARROW_BODY) {
            close(at);
        }
    }

    private void open(Scope scope, int start) {
        scopes.push(scope);
        scopeStarts.push(start);
    }

    /** Closes the innermost scope at an offset; a function's extent and definition go into the index. */
    private Scope close(int end) {
        Scope scope = scopes.pop();
        int start = scopeStarts.pop();
        if (scope.kind() == Kind.FUNCTION || scope.kind() == Kind.ARROW_BODY) {
            ranges.add(new Range(start, end, scope.name() < 0 ? null : definition(scope)));
        }
        return scope;
    }

    private Definition definition(Scope scope) {
        Token name = tokens.get(scope.name());
        int found = Arrays.binarySearch(lineStarts, name.start());
        int nameLine = found >= 0 ? found : -found - 2; // the last line starting at or before the token
        String text = name.text().startsWith("\"") || name.text().startsWith("'")
                ? name.text().substring(1, name.text().length() - 1) : name.text();
        return new Definition(nameLine + 1, name.start() - lineStarts[nameLine], text, scope.renamable());
    }

    /** What a "{" opens, from the tokens before it (not yet added). */
    private Scope braceScope() {
        int last = tokens.size() - 1;
        if (last < 0) {
            return new Scope(Kind.BLOCK, -1, false);
        }
        Token prev = tokens.get(last);
        if (prev.text().equals("=>")) {
            return functionScope(arrowParamsStart(last - 1), Kind.FUNCTION);
        }
        if (!prev.text().equals(")")) {
            return new Scope(Kind.BLOCK, -1, false);
        }
        int open = openerOf.get(last);
        int before = open - 1;
        if (before < 0) {
            return new Scope(Kind.BLOCK, -1, false);
        }
        Token head = tokens.get(before);
        boolean star = head.text().equals("*");
        int keyword = star ? before - 1 : before;
        if (keyword >= 0 && tokens.get(keyword).text().equals("function")) {
            return functionScope(keyword, Kind.FUNCTION); // anonymous function expression: named by what it is assigned to
        }
        if (head.word()) {
            int beforeHead = before - 1;
            String ahead = beforeHead >= 0 ? tokens.get(beforeHead).text() : "";
            if (ahead.equals("function") || (ahead.equals("*") && beforeHead >= 1 && tokens.get(beforeHead - 1).text().equals("function"))) {
                return new Scope(Kind.FUNCTION, before, true); // function declaration or named expression
            }
            if (!BLOCK_KEYWORDS.contains(head.text())) {
                return new Scope(Kind.FUNCTION, before, false); // method of a class or object literal
            }
            return new Scope(Kind.BLOCK, -1, false);
        }
        if (head.text().startsWith("\"") || head.text().startsWith("'")) {
            return new Scope(Kind.FUNCTION, before, false); // "quoted key"(){…}
        }
        if (head.text().equals("]")) {
            return new Scope(Kind.FUNCTION, -1, false); // [computed](){…}
        }
        return new Scope(Kind.BLOCK, -1, false);
    }

    /** The token where an arrow function starts, given the index of the token before "=>". */
    private int arrowParamsStart(int beforeArrow) {
        if (beforeArrow < 0) {
            return 0;
        }
        int start = tokens.get(beforeArrow).text().equals(")") ? openerOf.get(beforeArrow) : beforeArrow;
        return start > 0 && tokens.get(start - 1).text().equals("async") ? start - 1 : start;
    }

    /**
     * A function expression starting at token {@code start}: named after what it is assigned to
     * ({@code x=function…}, {@code a.b=()=>…}) or the key it is stored under ({@code {onClick:function…}}).
     */
    private Scope functionScope(int start, Kind kind) {
        int at = start > 0 && tokens.get(start - 1).text().equals("async") ? start - 1 : start;
        if (at >= 2) {
            String link = tokens.get(at - 1).text();
            Token name = tokens.get(at - 2);
            boolean named = name.word() || name.text().startsWith("\"") || name.text().startsWith("'");
            if (named && (link.equals("=") || link.equals(":"))) {
                boolean property = link.equals(":") || (at >= 3 && tokens.get(at - 3).text().equals("."));
                return new Scope(kind, at - 2, !property && name.word());
            }
        }
        return new Scope(kind, -1, false);
    }

    private void add(String text, int start, boolean word) {
        tokens.add(new Token(text, start, word));
        openerOf.add(-1);
    }

    private boolean regexAllowed() {
        if (tokens.isEmpty()) {
            return true;
        }
        Token prev = tokens.getLast();
        if (prev.word()) {
            return BEFORE_REGEX.contains(prev.text());
        }
        return !(prev.text().equals(")") || prev.text().equals("]") || prev.text().equals("}")
                || prev.text().equals("/re/") || prev.text().startsWith("\"") || prev.text().startsWith("'")
                || prev.text().equals("`") || Character.isDigit(prev.text().charAt(0)));
    }

    private boolean skipString(char quote) {
        i++;
        while (i < code.length()) {
            char c = code.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote) {
                i++;
                return true;
            } else if (c == '\n') {
                return false;
            } else {
                i++;
            }
        }
        return false;
    }

    /** Inside a template literal: to its end (a "`" token) or into a "${", whose "}" comes back here. */
    private boolean continueTemplate() {
        while (i < code.length()) {
            char c = code.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '`') {
                add("`", i, false);
                i++;
                return true;
            } else if (c == '$' && i + 1 < code.length() && code.charAt(i + 1) == '{') {
                i += 2;
                open(new Scope(Kind.TEMPLATE, -1, false), i);
                add("(", i - 2, false); // an expression follows: a slash there starts a regular expression
                openerOf.set(tokens.size() - 1, -1);
                return true;
            } else {
                i++;
            }
        }
        return false;
    }

    private boolean skipRegex() {
        i++;
        boolean inClass = false;
        while (i < code.length()) {
            char c = code.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '\n') {
                return false;
            }
            if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            } else if (c == '/' && !inClass) {
                i++;
                while (i < code.length() && Character.isLetter(code.charAt(i))) {
                    i++;
                }
                return true;
            }
            i++;
        }
        return false;
    }

    private void skipLine() {
        while (i < code.length() && code.charAt(i) != '\n') {
            i++;
        }
    }

    private int nextNonSpace(int from) {
        int k = from;
        while (k < code.length() && Character.isWhitespace(code.charAt(k))) {
            k++;
        }
        return k;
    }
}
