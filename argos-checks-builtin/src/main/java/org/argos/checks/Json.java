package org.argos.checks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Comparator;
import org.argos.api.CheckResult;
import org.argos.api.spi.ProbeResponse;
import org.jspecify.annotations.Nullable;

/** JSON reading shared by the json-* checks. */
final class Json {
  static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();

  /** Numbers compare by value (1 equals 1.0); everything else by Jackson's equality. */
  private static final Comparator<JsonNode> BY_VALUE = (a, b) -> {
    if (a.equals(b)) {
      return 0;
    }
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1;
    }
    return 1;
  };

  private Json() {}

  /** A parsed body, or the error result to report when it is not JSON. */
  record Parsed(@Nullable JsonNode node, @Nullable CheckResult error) {}

  static Parsed parse(ProbeResponse response) {
    if (response.error() != null) {
      return new Parsed(null, CheckResult.error("no response to read JSON from: " + response.error().message())
          .with("error", response.error().kind()));
    }
    try {
      JsonNode node = MAPPER.readTree(response.body());
      if (node == null || node.isMissingNode()) {
        return new Parsed(null, CheckResult.error("response body is empty, expected JSON").with("status", response.status()));
      }
      return new Parsed(node, null);
    } catch (IOException e) {
      String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      String truncated = response.bodyTruncated() ? " (the body was truncated at " + response.body().length + " bytes)" : "";
      return new Parsed(null, CheckResult.error("response body is not valid JSON" + truncated + ": " + Params.abbreviate(String.valueOf(why), 200))
          .with("status", response.status())
          .with("body", Params.abbreviate(response.bodyText(), 200)));
    }
  }

  static boolean sameValue(JsonNode a, JsonNode b) {
    return a.equals(BY_VALUE, b);
  }

  static JsonNode toTree(@Nullable Object jsonLike) {
    return MAPPER.valueToTree(jsonLike);
  }

  /** @return a JSON-like rendering for result context, abbreviated so a big document does not bloat results */
  static @Nullable Object forContext(@Nullable JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return null;
    }
    if (node.isValueNode()) {
      return node.isTextual() ? node.textValue() : node.isBoolean() ? (Object) node.booleanValue()
          : node.isNumber() ? node.numberValue() : node.isNull() ? null : node.toString();
    }
    return Params.abbreviate(node.toString(), 500);
  }
}
