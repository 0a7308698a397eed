package routes.rpc;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import routes.http.Json;

/** A socket's message as both protocols read it: one JSON document in a text frame. */
final class TextFrames {

    private TextFrames() {
    }

    /**
     * The frame's JSON, or the protocol's refusal: of a binary frame, or of text that is not one valid JSON document
     * (repeated fields included; {@code notJson} is given the parser's words).
     */
    static JsonNode json(Object body, Supplier<RuntimeException> binary, Function<String, RuntimeException> notJson) {
        if (!(body instanceof String text)) {
            throw binary.get();
        }
        try {
            return Json.readTree(text.getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw notJson.apply(e.getOriginalMessage());
        }
    }
}
