package org.argos.web.agents;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.argos.agents.executor.RemoteAgentExecutor;
import org.argos.agents.protocol.AgentProtocol;
import org.argos.api.ArgosException;
import org.argos.api.spi.CheckContext;
import org.argos.engine.Argos;
import org.argos.web.api.ApiEdge;
import org.argos.web.api.ApiError;
import org.argos.web.auth.ApiAccess;
import org.argos.web.auth.ApiAccess.Need;
import org.argos.web.http.RequestErrors;
import org.jspecify.annotations.Nullable;

/**
 * Argos' agent protocol over HTTP: {@code GET /api/tasks} hands an agent the groups the engine's
 * {@link RemoteAgentExecutor} parked for agents, {@code POST /api/results} takes their results back. Both need an agent
 * token ({@code service.secrets}); the wire format is argos-agents' {@link AgentProtocol}.
 */
public final class AgentRoutes {
  private final ApiEdge edge;
  private final Argos argos;
  private final @Nullable RemoteAgentExecutor remote;

  /**
   * @param edge the API's edge (access, limits, errors)
   * @param argos the engine whose checks judge the reports and whose store numbers the results
   * @param remote the executor that parks groups for agents, or null when probing is in-process (agents then get
   *     nothing to do)
   */
  public AgentRoutes(ApiEdge edge, Argos argos, @Nullable RemoteAgentExecutor remote) {
    this.edge = edge;
    this.argos = argos;
    this.remote = remote;
  }

  /** Adds {@code GET /api/tasks} and {@code POST /api/results}. */
  public void mount(JavalinConfig config) {
    config.routes.get("/api/tasks", edge.guard(Need.AGENT, "GET /api/tasks", this::tasks));
    config.routes.post("/api/results", edge.guard(Need.AGENT, "POST /api/results", this::results));
  }

  /**
   * Argos' {@code GET /api/tasks?limit=N&agent_id=A}. Our agents add {@code location}, {@code schemes} and
   * {@code wait=S}: with nothing to hand out, the poll waits up to S seconds (at most 20) for a group to come due.
   */
  private void tasks(Context ctx) {
    int limit = ApiEdge.intParam(ctx, "limit", 10, 1, 1000);
    String agent = agentId(ctx);
    RemoteAgentExecutor remote = this.remote;
    if (remote == null) {
      ApiEdge.json(ctx, 200, List.of()); // probing is in-process: agents get nothing to do
      return;
    }
    int wait = ApiEdge.intParam(ctx, "wait", 0, 0, (int) RemoteAgentExecutor.MAX_POLL_WAIT.toSeconds());
    var poll = remote.take(agent, location(ctx), credential(ctx), limit, schemes(ctx), Duration.ofSeconds(wait));
    if (poll.waited()) {
      // Our agents poll again at once after an empty answer that carries this; upstream agents never ask to wait.
      ctx.header(AgentProtocol.WAITED_HEADER, Integer.toString(wait));
    }
    var handed = poll.handed();
    Map<Long, Integer> failures = failureCounts(handed);
    ApiEdge.json(ctx, 200, AgentProtocol.tasks(handed, id -> failures.getOrDefault(id, 0)));
  }

  /** Each handed task's failures in a row, in one read per 10,000 tasks (a read per task cost a query each). */
  private Map<Long, Integer> failureCounts(List<RemoteAgentExecutor.Handed> handed) {
    List<Long> ids = handed.stream().map(h -> h.task().taskId()).toList();
    Map<Long, Integer> out = new java.util.HashMap<>();
    int chunk = org.argos.api.store.StatusStore.MAX_FAILURE_READS;
    for (int from = 0; from < ids.size(); from += chunk) {
      out.putAll(argos.store().contiguousFailures(ids.subList(from, Math.min(ids.size(), from + chunk))));
    }
    return out;
  }

  /**
   * Argos' {@code POST /api/results}: 201 with the ids of the new result rows, one per accepted result. A result is
   * accepted only for a task waiting for it and held by this agent (the agent id it was handed to, with the token it
   * was taken with); the others are listed under {@code ignored} with a reason. Accepted results are judged by their
   * task's check, attributed to the agent, and written by the engine's writer shortly after.
   */
  private void results(Context ctx) {
    String agent = agentId(ctx);
    String location = location(ctx);
    JsonNode body = ApiEdge.parseJson(ctx);
    List<AgentProtocol.Posted> posted;
    try {
      posted = AgentProtocol.parseResults(body);
    } catch (AgentProtocol.BadPayload e) {
      throw new ApiError(400, e.field, e.getMessage(), null);
    } catch (IllegalArgumentException | ArgosException e) {
      throw new ApiError(400, "body", e.getMessage(), null);
    }
    List<RemoteAgentExecutor.Accepted> accepted = List.of();
    List<RemoteAgentExecutor.Ignored> ignored;
    if (remote != null) {
      var checks = argos.checks();
      RemoteAgentExecutor.Completion c;
      try {
        c = remote.complete(agent, location, credential(ctx), posted,
            (check, report) -> checks.judgeReport(check, report, new CheckContext(Instant.now())),
            n -> argos.store().reserveResultIds(n));
      } catch (org.argos.api.StoreException e) {
        if (edge.outage().failed(e)) {
          throw e; // answered as the outage is: 503, Retry-After
        }
        // The store's message names the database (host, database, user): for the log only.
        String id = RequestErrors.unexpected(ctx, e);
        ctx.header("Retry-After", Long.toString(org.argos.web.http.DatabaseOutage.RETRY_AFTER.toSeconds()));
        throw new ApiError(503, null, "no result was recorded: the database failed (request " + id + "); send them "
            + "again", null);
      }
      accepted = c.accepted();
      ignored = c.ignored();
    } else {
      ignored = posted.stream().map(p -> new RemoteAgentExecutor.Ignored(p.taskId(),
          RemoteAgentExecutor.Refusal.NOT_WAITING)).toList();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("result_ids", accepted.stream().map(RemoteAgentExecutor.Accepted::resultId)
        .filter(java.util.Objects::nonNull).toList());
    if (!ignored.isEmpty()) {
      List<Map<String, Object>> why = new ArrayList<>();
      for (RemoteAgentExecutor.Ignored i : ignored) {
        why.add(Map.of("task_id", i.taskId(), "reason", i.reason().code, "message", i.reason().why));
      }
      out.put("ignored", why);
    }
    ApiEdge.json(ctx, 201, out);
  }

  /** The fingerprint of the request's token (it passed the guard): tasks are bound to the token that took them. */
  private static String credential(Context ctx) {
    return ApiAccess.fingerprint(ctx.header("Authorization"));
  }

  /**
   * Our agents say where they check from with {@code ?location=} (issue 19); upstream agents send none, and so are in
   * the location {@code default}.
   */
  private static String location(Context ctx) {
    String l = ctx.queryParam("location");
    if (l == null || l.isEmpty()) {
      return org.argos.api.Quorum.DEFAULT_LOCATION;
    }
    try {
      return org.argos.api.Quorum.checkName(l);
    } catch (org.argos.api.InvalidValueException e) {
      throw new ApiError(400, "location", e.getMessage(), null);
    }
  }

  /** Our agents list the schemes they probe ({@code ?schemes=}); upstream agents send none, and get http(s) tasks. */
  private static java.util.Set<String> schemes(Context ctx) {
    try {
      return org.argos.agents.executor.AgentSchemes.parse(ctx.queryParam("schemes"));
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, "schemes", e.getMessage(), null);
    }
  }

  private static String agentId(Context ctx) {
    String a = ctx.queryParam("agent_id");
    if (a == null || a.isBlank()) {
      return ctx.ip();
    }
    if (!validAgentId(a)) {
      throw new ApiError(400, "agent_id", "agent_id must be at most 200 printable characters (no control characters)",
          null);
    }
    return a;
  }

  /** @return true for an agent id that can be shown in logs and pages as it is: 1 to 200 printable characters */
  public static boolean validAgentId(String a) {
    return !a.isBlank() && a.length() <= 200 && a.chars().noneMatch(c -> Character.isISOControl(c)
        || Character.getType(c) == Character.LINE_SEPARATOR || Character.getType(c) == Character.PARAGRAPH_SEPARATOR);
  }
}
