package io.flytrap.dashboard.api;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.KeyDeserializer;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;

/**
 * JSON request bodies of the API may carry only text that can be stored and hashed: no U+0000 and no unpaired
 * surrogate in any string or name. JSON allows both. PostgreSQL refuses U+0000 in text, so such a value used to get
 * as far as the database, whose exception nothing handled (the client got the sign-in page's HTML); an unpaired
 * surrogate has no UTF-8 form, and a password holding one failed its hashing with a 500. Refused while the body is
 * read, either becomes a 400 that names the field, before anything runs. Ingest reads its bodies itself (not
 * through this mapper) and replaces a NUL instead: an event is data to keep, a management field an instruction.
 */
@Configuration(proxyBeanMethods = false)
class StorableTextJson {

    static final String NUL = "must not contain the NUL character (U+0000)";
    static final String UNPAIRED_SURROGATE = "must not contain an unpaired surrogate (text that is not valid Unicode)";

    /** Spring Boot adds every JacksonModule bean to the mapper its HTTP message converters use. */
    @Bean
    JacksonModule storableStrings() {
        return new SimpleModule("storable-strings")
                .addDeserializer(String.class, new StorableStringDeserializer())
                .addKeyDeserializer(String.class, new StorableKeyDeserializer());
    }

    /** Marks the refusal so the error handlers can name the field instead of calling the body unreadable. */
    static final class UnstorableTextException extends MismatchedInputException {

        private final String problem;

        UnstorableTextException(JsonParser parser, String problem) {
            super(parser, problem, String.class);
            this.problem = problem;
        }

        String problem() {
            return problem;
        }
    }

    private static final class StorableStringDeserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
            return storable(super.deserialize(parser, context), parser);
        }
    }

    private static final class StorableKeyDeserializer extends KeyDeserializer {

        @Override
        public Object deserializeKey(String key, DeserializationContext context) throws JacksonException {
            return storable(key, context.getParser());
        }
    }

    private static String storable(String text, JsonParser parser) throws UnstorableTextException {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                throw new UnstorableTextException(parser, NUL);
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++; // a pair: one character outside the basic plane
            } else if (Character.isSurrogate(c)) {
                throw new UnstorableTextException(parser, UNPAIRED_SURROGATE);
            }
        }
        return text;
    }
}
