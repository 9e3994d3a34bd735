package org.argos.agents.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.LongToIntFunction;
import org.argos.api.CheckSpec;
import org.argos.api.ProbePeer;
import org.argos.api.ProbeTimings;
import org.argos.api.spi.AgentReport;
import org.argos.api.store.ClaimedGroup;
import org.argos.api.spi.ProbeRequest;
import org.argos.api.store.GroupOutcome;
import org.argos.api.store.TaskOutcome;
import org.jspecify.annotations.Nullable;
import org.argos.agents.executor.RemoteAgentExecutor;

/**
 * The Argos agent protocol: task JSON handed out by {@code GET /api/tasks} and result JSON posted to
 * {@code POST /api/results}, both directions (server and agent). Tasks are written as an Argos 0.9 server writes them
 * (every field, its type and format, {@code expected} as the server serialises it), so an unmodified Argos agent
 * runs them. Fields Argos does not know are extra keys that Argos agents ignore: {@code expected_json},
 * {@code timeout}, {@code follow_redirects}, {@code max_redirects}, {@code group_id} in tasks; {@code severity},
 * {@code message} and {@code duration_ms} in results.
 */
public final class AgentProtocol {
  /**
   * Set on a {@code GET /api/tasks?wait=S} answer when the poll could wait up to {@code S} seconds for a group (a long
   * poll): an agent that sees it may poll again at once after an empty answer. Absent (an upstream server, or too
   * many polls waiting) the agent sleeps as usual.
   */
  public static final String WAITED_HEADER = "X-Argos-Waited";

  private AgentProtocol() {}

  /**
   * The server's answer to {@code GET /api/tasks}.
   *
   * @param handed the tasks handed to the agent
   * @param contiguousFailures how many times in a row each task (by id) failed, which Argos agents are told
   * @return one Argos task JSON object per handed-out task
   */
  public static List<Map<String, @Nullable Object>> tasks(List<RemoteAgentExecutor.Handed> handed,
      LongToIntFunction contiguousFailures) {
    return TaskWriter.tasks(handed, contiguousFailures);
  }

  /**
   * Rebuilds claimed groups from task JSON, one per distinct request, so that each request is made once for all its
   * checks. Each task's request is what its check asks for ({@code requestFor}): an Argos server sends the path's URL
   * for {@code http-to-https}, and the check probes its {@code http://} twin.
   *
   * @param tasks the JSON array {@code GET /api/tasks} answered
   * @param now when the groups are claimed
   * @param requestFor the request a check needs, given the task's
   * @return the groups to run
   * @throws IllegalArgumentException naming the task and field when a task is malformed
   */
  public static List<ClaimedGroup> groups(JsonNode tasks, Instant now,
      BiFunction<CheckSpec, ProbeRequest, ProbeRequest> requestFor) {
    return TaskReader.groups(tasks, now, requestFor);
  }

  /**
   * @param outcomes the outcomes of an agent's runs
   * @return the result JSON objects an agent posts for them
   */
  public static List<Map<String, @Nullable Object>> results(List<TaskOutcome> outcomes) {
    return ResultJson.results(outcomes, null);
  }

  /**
   * @param runs the group runs of an agent
   * @return the result JSON objects an agent posts for their outcomes, each with its group's {@code peer} (what the
   *     probe connected to) when known: an extra field an upstream Argos server ignores
   */
  public static List<Map<String, @Nullable Object>> resultsOf(List<GroupOutcome> runs) {
    List<Map<String, @Nullable Object>> out = new java.util.ArrayList<>();
    for (GroupOutcome run : runs) {
      out.addAll(ResultJson.results(run.outcomes(), run.peer()));
    }
    return out;
  }

  /** A payload field that is not what the protocol expects; the message names it. */
  public static final class BadPayload extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** Where in the payload the bad value is, as {@code [0].status}. */
    public final String field;

    BadPayload(String field, String message) {
      super(field + ": " + message);
      this.field = field;
    }
  }

  /**
   * One posted result: the task it is for and what the agent reported, before the task's check judges it, and how
   * long the agent's probe took when it says ({@code duration_ms}, sent by our agents).
   *
   * @param taskId the task the result is for
   * @param report what the agent reported
   * @param timings how long its probe took, when the agent says
   * @param peer what the agent's probe connected to ({@code peer}, sent by our agents), or null
   */
  public record Posted(long taskId, AgentReport report, @Nullable ProbeTimings timings, @Nullable ProbePeer peer) {
    /**
     * A result without a peer, as upstream Argos agents post.
     *
     * @param taskId the task the result is for
     * @param report what the agent reported
     * @param timings how long its probe took, when the agent says
     */
    public Posted(long taskId, AgentReport report, @Nullable ProbeTimings timings) {
      this(taskId, report, timings, null);
    }
  }

  /**
   * Parses posted results. Validates everything before returning, so a bad entry changes nothing. A result's
   * {@code severity} is ignored: the task's check judges the report ({@link org.argos.api.spi.Check#judgeReport}).
   * Its message is the agent's {@code message}, else an Argos agent's error context ({@code error_type:
   * error_message}), else a context {@code error} text.
   *
   * @param body the posted JSON
   * @return the results, in the order posted
   * @throws BadPayload naming the field
   */
  public static List<Posted> parseResults(@Nullable JsonNode body) {
    return ResultJson.parseResults(body);
  }
}
