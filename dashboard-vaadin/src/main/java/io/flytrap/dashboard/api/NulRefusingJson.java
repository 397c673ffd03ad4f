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
 * JSON request bodies of the API may not carry U+0000 in any string or name. JSON allows it; PostgreSQL refuses it
 * in text, so such a value used to get as far as the database, whose exception nothing handled (the client got the
 * sign-in page's HTML). Refused while the body is read, it becomes a 400 that names the field, before anything runs.
 * Ingest reads its bodies itself (not through this mapper) and replaces the character instead: an event is data to
 * keep, a management field is an instruction to refuse.
 */
@Configuration(proxyBeanMethods = false)
class NulRefusingJson {

    static final String PROBLEM = "must not contain the NUL character (U+0000)";

    /** Spring Boot adds every JacksonModule bean to the mapper its HTTP message converters use. */
    @Bean
    JacksonModule nulRefusingStrings() {
        return new SimpleModule("nul-refusing-strings")
                .addDeserializer(String.class, new NulRefusingStringDeserializer())
                .addKeyDeserializer(String.class, new NulRefusingKeyDeserializer());
    }

    /** Marks the refusal so the error handlers can name the field instead of calling the body unreadable. */
    static final class NulInTextException extends MismatchedInputException {

        NulInTextException(JsonParser parser) {
            super(parser, PROBLEM, String.class);
        }
    }

    private static final class NulRefusingStringDeserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
            return refuseNul(super.deserialize(parser, context), parser);
        }
    }

    private static final class NulRefusingKeyDeserializer extends KeyDeserializer {

        @Override
        public Object deserializeKey(String key, DeserializationContext context) throws JacksonException {
            return refuseNul(key, context.getParser());
        }
    }

    private static String refuseNul(String text, JsonParser parser) throws NulInTextException {
        if (text != null && text.indexOf(0) >= 0) {
            throw new NulInTextException(parser);
        }
        return text;
    }
}
