package io.flytrap.core.scrubbing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Whether a field name (a header, cookie, context or query key) marks its value as a secret. */
final class SensitiveNames {

    /** Whole words of a field name (split on anything but letters and digits) that mark it sensitive. */
    private static final Set<String> SENSITIVE_WORDS = Set.of("password", "passwd", "pwd", "secret", "token", "auth",
            "authorization", "authentication", "credentials", "credential", "otp", "cookie", "cookies", "apikey",
            "privatekey", "sessionid", "csrf", "xsrf", "jwt", "signature", "passphrase");
    /** Names that are sensitive as a whole even though no single word is (api_key, private_key, mysql_pwd). */
    private static final Set<String> SENSITIVE_JOINED = Set.of("apikey", "privatekey", "mysqlpwd", "accesskey",
            "secretkey", "clientsecret", "sessionid", "setcookie");
    /** Field names repeat endlessly (header and context keys), so each is classified once. */
    private static final Map<String, Boolean> SENSITIVE_NAMES = new ConcurrentHashMap<>();

    private SensitiveNames() {
    }

    static boolean isSensitive(String name) {
        if (name == null) {
            return false;
        }
        return SENSITIVE_NAMES.computeIfAbsent(name, SensitiveNames::classify);
    }

    private static boolean classify(String name) {
        if (SENSITIVE_NAMES.size() > 10_000) {
            SENSITIVE_NAMES.clear(); // attacker-chosen names must not grow this without bound
        }
        // split camelCase and anything but letters and digits into words
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean boundary = !Character.isLetterOrDigit(c)
                    || (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(name.charAt(i - 1)));
            if (boundary && !word.isEmpty()) {
                words.add(word.toString());
                word.setLength(0);
            }
            if (Character.isLetterOrDigit(c)) {
                word.append(Character.toLowerCase(c));
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        if (words.stream().anyMatch(SENSITIVE_WORDS::contains)) {
            return true;
        }
        String all = String.join("", words);
        return SENSITIVE_JOINED.stream().anyMatch(all::contains) || all.contains("password") || all.contains("secret");
    }
}
