package io.flytrap.core.scrubbing;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Secrets inside free text: "password=..."-style assignments, bearer tokens and credit-card numbers. */
final class SensitiveText {

    /** "password=...", "api_key: ..." written into a message or a URL. */
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?i)\\b((?:[a-z0-9]+[_-])?(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|authorization|private[_-]?key|credentials))"
                    + "(\\s*[=:]\\s*)(\"[^\"]*\"|'[^']*'|[^\\s&,;]+)");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer|token)\\s+[a-z0-9._~+/=-]{8,}");
    /** Card numbers by their issuers' prefixes (Visa, Mastercard, Amex, Discover), so timestamps and ids are left alone. */
    private static final Pattern CARD_CANDIDATE = Pattern.compile(
            "\\b(?:4\\d{3}|5[1-5]\\d{2}|2[2-7]\\d{2}|3[47]\\d{2}|6(?:011|5\\d{2}))(?:[ -]?\\d){9,15}\\b");

    private SensitiveText() {
    }

    /** Masks bearer tokens and Luhn-valid card numbers inside free text. */
    static String scrub(String text, List<String> filtered, String path) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        // The patterns are costly on long texts; cheap scans decide whether they can match at all
        String lower = text.toLowerCase(Locale.ROOT);
        String result = text;
        if (lower.contains("bearer") || lower.contains("token")) {
            result = BEARER.matcher(result).replaceAll(match -> Matcher.quoteReplacement(match.group(1) + " " + Scrubber.MASK));
        }
        if ((lower.indexOf('=') >= 0 || lower.indexOf(':') >= 0) && ASSIGNMENT_WORDS.stream().anyMatch(lower::contains)) {
            result = ASSIGNMENT.matcher(result).replaceAll(match -> Matcher.quoteReplacement(match.group(1) + match.group(2) + Scrubber.MASK));
        }
        if (digitRunAtLeast(result, 13)) {
            result = maskCards(result);
        }
        if (!result.equals(text)) {
            filtered.add(path);
        }
        return result;
    }

    private static final List<String> ASSIGNMENT_WORDS = List.of("pass", "pwd", "secret", "token", "key", "authorization",
            "credential");

    /** Whether the text holds at least {@code n} digits, separators between them allowed (a card number). */
    private static boolean digitRunAtLeast(String text, int n) {
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++run >= n) {
                    return true;
                }
            } else if (c != ' ' && c != '-') {
                run = 0;
            }
        }
        return false;
    }

    private static String maskCards(String text) {
        Matcher cards = CARD_CANDIDATE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (cards.find()) {
            String digits = cards.group().replace(" ", "").replace("-", "");
            cards.appendReplacement(out, luhnValid(digits) ? Scrubber.MASK : Matcher.quoteReplacement(cards.group()));
        }
        cards.appendTail(out);
        return out.toString();
    }

    static boolean luhnValid(String digits) {
        if (digits.length() < 13 || digits.length() > 19) {
            return false;
        }
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }
}
