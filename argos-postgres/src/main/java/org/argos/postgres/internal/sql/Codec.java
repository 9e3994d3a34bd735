package org.argos.postgres.internal.sql;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.argos.api.CheckSpec;
import org.argos.api.IpVersion;
import org.argos.api.ProbeTimings;
import org.argos.api.RequestData;
import org.argos.api.ResultStatus;
import org.argos.api.Severity;
import org.argos.api.AlertLifecycle;
import org.argos.api.Site;
import org.argos.api.StateChange;
import org.argos.api.StoreException;
import org.argos.api.TaskLifecycle;
import org.argos.api.TaskState;
import org.argos.postgres.internal.schema.tables.records.TaskStatesRecord;
import org.jspecify.annotations.Nullable;

/**
 * How values are written to columns: JSON text for structured values (Jackson), small integers for severities, a
 * SHA-256 for keys too long to index. One place, so the encoding is documented once (see the V1 migration).
 */
public final class Codec {
  /** Rank of tasks (and sites) without a result yet; sorts after ok. */
  public static final short PENDING = 4;

  private static final Severity[] BY_RANK = {Severity.UNKNOWN, Severity.CRITICAL, Severity.WARNING, Severity.OK};

  private final ObjectMapper mapper;

  public Codec() {
    mapper = new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        // Records are written by their components only: convenience methods such as RequestData.isEmpty() are not
        // part of the value.
        .setVisibility(PropertyAccessor.IS_GETTER, Visibility.NONE);
  }

  public static short rank(Severity severity) {
    return switch (severity) {
      case UNKNOWN -> 0;
      case CRITICAL -> 1;
      case WARNING -> 2;
      case OK -> 3;
    };
  }

  public static short rankOrPending(@Nullable Severity severity) {
    return severity == null ? PENDING : rank(severity);
  }

  public static Severity severity(short rank) {
    if (rank < 0 || rank >= BY_RANK.length) {
      throw new StoreException("stored severity rank " + rank + " is not one of 0..3");
    }
    return BY_RANK[rank];
  }

  public static @Nullable Severity severityOrNull(@Nullable Short rank) {
    return rank == null || rank == PENDING ? null : severity(rank);
  }

  public static short ipVersion(IpVersion v) {
    return (short) (v == IpVersion.IPV4 ? 4 : 6);
  }

  public static IpVersion ipVersion(short v) {
    return switch (v) {
      case 4 -> IpVersion.IPV4;
      case 6 -> IpVersion.IPV6;
      default -> throw new StoreException("stored IP version " + v + " is neither 4 nor 6");
    };
  }

  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  public String write(@Nullable Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new StoreException("could not write " + value + " as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private <T> T read(String json, Class<T> type, String what) {
    try {
      return mapper.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new StoreException("stored " + what + " is not readable JSON (" + e.getOriginalMessage() + "): " + json, e);
    }
  }

  public Site site(String json) {
    return read(json, Site.class, "site");
  }

  public RequestData requestData(String json) {
    return read(json, RequestData.class, "request data");
  }

  /**
   * The request_data column: the request data's JSON, plus the probe options under {@code "options"} when there are
   * any (a key RequestData does not have, so rows written before options existed read the same).
   */
  public String requestColumn(org.argos.api.spi.ProbeRequest request) {
    if (request.options().isEmpty()) {
      return write(request.requestData());
    }
    Map<String, Object> m = new LinkedHashMap<>(mapper.convertValue(request.requestData(),
        new TypeReference<LinkedHashMap<String, Object>>() {}));
    m.put("options", request.options());
    return write(m);
  }

  /** @return the probe options stored with the request data ({@link #requestColumn}), empty when none */
  public java.util.SortedMap<String, String> options(String json) {
    if (!json.contains("\"options\"")) {
      return java.util.Collections.emptySortedMap();
    }
    try {
      var node = mapper.readTree(json).get("options");
      return node == null || node.isNull() ? java.util.Collections.emptySortedMap()
          : mapper.convertValue(node, new TypeReference<java.util.TreeMap<String, String>>() {});
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new StoreException("stored probe options are not readable JSON: " + json, e);
    }
  }

  public @Nullable Object jsonLike(String json) {
    return read(json, Object.class, "JSON value");
  }

  public CheckSpec check(String type, String parameterJson) {
    return new CheckSpec(type, jsonLike(parameterJson));
  }

  public Map<String, @Nullable Object> context(String json) {
    try {
      Map<String, @Nullable Object> m = mapper.readValue(json, new TypeReference<LinkedHashMap<String, @Nullable Object>>() {});
      try {
        org.argos.api.JsonLike.copyOf(m, "stored result context");
      } catch (org.argos.api.InvalidValueException tooBig) {
        // Written before contexts were bounded: the result stays readable, without its context.
        return Map.of("context_dropped", tooBig.getMessage());
      }
      return m;
    } catch (JsonProcessingException e) {
      throw new StoreException("stored result context is not readable JSON (" + e.getOriginalMessage() + "): " + json, e);
    }
  }

  public @Nullable ProbeTimings timings(@Nullable String json) {
    return json == null ? null : read(json, ProbeTimings.class, "probe timings");
  }

  public StateChange stateChange(String json) {
    return read(json, StateChange.class, "state change");
  }

  public Set<String> channels(String json) {
    try {
      return mapper.readValue(json, new TypeReference<TreeSet<String>>() {});
    } catch (JsonProcessingException e) {
      throw new StoreException("stored delivered channels are not readable JSON (" + e.getOriginalMessage() + "): " + json, e);
    }
  }

  /** @return the task state a row holds */
  public static TaskState taskState(TaskStatesRecord r) {
    return new TaskState(Codec.severity(r.getSeverityRank()), ResultStatus.valueOf(r.getStatus()),
        r.getMessage(), r.getLastRunAt(), r.getSeveritySince(), r.getContiguousFailures(), r.getAlreadyRetried(),
        r.getNotifiedRank() == null ? null : Codec.severity(r.getNotifiedRank()), r.getNotifiedAt(),
        new TaskLifecycle(r.getOkInARow(), r.getFlapChanges(), r.getFlapSince(), r.getFlapping(), r.getAckedAt(),
            r.getAckedBy()));
  }

  /** Writes a task's lifecycle into its state row (V12). */
  public static void setLifecycle(TaskStatesRecord r, TaskLifecycle l) {
    r.setOkInARow(l.okInARow());
    r.setFlapChanges(l.changes());
    r.setFlapSince(l.changesSince());
    r.setFlapping(l.flapping());
    r.setAckedAt(l.ackedAt());
    r.setAckedBy(l.ackedBy());
  }

  /** @return a group's lifecycle policy from its columns (V12) */
  public static AlertLifecycle lifecycle(int successThreshold, @Nullable Integer flappingChanges,
      @Nullable Long flappingWithinMs) {
    return new AlertLifecycle(successThreshold, flappingChanges == null || flappingWithinMs == null ? null
        : new AlertLifecycle.Flapping(flappingChanges, java.time.Duration.ofMillis(flappingWithinMs)));
  }
}
