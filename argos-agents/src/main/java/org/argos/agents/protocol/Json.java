package org.argos.agents.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.argos.api.ArgosException;
import org.jspecify.annotations.Nullable;

/**
 * The daemon's one JSON mapper: ISO-8601 instants, no failure on unknown fields (Argos agents may send more), and
 * bounds on what it reads, since it reads what clients send: a body nested {@value #MAX_DEPTH} deep, a string of
 * {@value #MAX_STRING} characters or {@value #MAX_TOKENS} tokens is refused while it is read, before it becomes
 * objects.
 */
public final class Json {
  /** The deepest nesting of arrays and objects a JSON body may have. */
  static final int MAX_DEPTH = 64;
  /** The longest string value, in characters (a result context is stored in at most 1,000,000). */
  static final int MAX_STRING = 1_000_000;
  /**
   * The most tokens (values, names, brackets) one JSON document may hold: a thousand results with their contexts take
   * tens of thousands; this bounds the memory one body's tree may take to tens of megabytes.
   */
  static final long MAX_TOKENS = 500_000;
  /** The longest JSON document read, in bytes: an agent's batch of results ({@code POST /api/results}) with their contexts. */
  public static final long MAX_DOCUMENT = 16L * 1024 * 1024;

  static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
      .maxNestingDepth(MAX_DEPTH)
      .maxStringLength(MAX_STRING)
      .maxNameLength(1_000)
      .maxNumberLength(100)
      .maxTokenCount(MAX_TOKENS)
      .maxDocumentLength(MAX_DOCUMENT)
      .build();

  public static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder().streamReadConstraints(LIMITS).build())
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private Json() {}

  public static String write(Object o) {
    try {
      return MAPPER.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new ArgosException("cannot write JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** JSON a client sent that cannot be read: not JSON, or beyond a bound. The message says what and where. */
  public static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public final int line;
    public final int column;

    Invalid(String message, int line, int column) {
      super(message, null, false, false);
      this.line = line;
      this.column = column;
    }
  }

  /**
   * Reads a JSON document a client sent.
   *
   * @return its tree; a missing node for an empty text
   * @throws Invalid naming the problem, the line and the column
   */
  public static JsonNode readTree(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw invalid(e);
    }
  }

  public static Invalid invalid(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    int line = at == null ? 1 : Math.max(1, at.getLineNr());
    int column = at == null ? 1 : Math.max(1, at.getColumnNr());
    String what = e instanceof StreamConstraintsException ? "the body exceeds a limit: "
        : "the body is not valid JSON: ";
    return new Invalid(what + firstLine(e.getOriginalMessage()) + " (line " + line + ", column " + column + ")", line,
        column);
  }

  // Jackson's messages may go on with a hint naming its own settings; the first sentence says what is wrong.
  private static String firstLine(@Nullable String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    // and it may name the setting's Java method, which says nothing to a client
    String s = (nl < 0 ? message : message.substring(0, nl)).replaceAll(", from `[^`]*`", "");
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
