package org.argos.web.api;

import static org.argos.web.api.ApiEdge.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.argos.api.TaskLifecycle;
import org.argos.api.TaskStatus;
import org.argos.api.store.Acknowledgements;
import org.argos.engine.Argos;
import org.argos.web.auth.ApiAccess.Need;
import org.jspecify.annotations.Nullable;

/**
 * Acknowledging failing tasks (issue 19 §6): {@code POST} and {@code DELETE /api/tasks/{id}/ack} for one task,
 * {@code POST /api/tasks/ack} and {@code POST /api/tasks/unack} for a list of at most
 * {@value Acknowledgements#MAX_TASKS}. The write scope; who acknowledged is the token's name.
 */
final class AckRoutes {
  private final ApiEdge edge;
  private final Argos argos;

  AckRoutes(ApiEdge edge, Argos argos) {
    this.edge = edge;
    this.argos = argos;
  }

  void mount(JavalinConfig config) {
    config.routes.post("/api/tasks/{id}/ack", edge.guard(Need.WRITE, "POST /api/tasks/{id}/ack", this::ackOne));
    config.routes.delete("/api/tasks/{id}/ack", edge.guard(Need.WRITE, "DELETE /api/tasks/{id}/ack",
        this::unackOne));
    config.routes.post("/api/tasks/ack", edge.guard(Need.WRITE, "POST /api/tasks/ack", ctx -> bulk(ctx, true)));
    config.routes.post("/api/tasks/unack", edge.guard(Need.WRITE, "POST /api/tasks/unack", ctx -> bulk(ctx, false)));
  }

  /** What the task's JSON shows of the alert lifecycle. */
  static Map<String, @Nullable Object> lifecycleJson(TaskLifecycle l) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("acknowledged_by", l.ackedBy());
    m.put("acknowledged_at", l.ackedAt() == null ? null : l.ackedAt().toString());
    m.put("ok_in_a_row", l.okInARow());
    m.put("flapping", l.flapping());
    return m;
  }

  private TaskStatus task(Context ctx) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw ApiError.bad("id", "a task id is a whole number, got '" + ApiEdge.shown(ctx.pathParam("id")) + "'");
    }
    return argos.store().task(id).filter(t -> TenantScope.sees(argos, ApiEdge.caller(ctx), t.domain()))
        .orElseThrow(() -> new ApiError(404, "id", "no task " + id, null)); // another tenant's task: none
  }

  private void ackOne(Context ctx) {
    TaskStatus t = task(ctx);
    argos.acknowledge(List.of(t.taskId()), ApiEdge.caller(ctx).name());
    TaskStatus now = argos.store().task(t.taskId()).orElse(t);
    if (now.state() == null || !now.state().lifecycle().acknowledged()) {
      throw new ApiError(409, "id", "task " + t.taskId() + " is not failing ("
          + (now.state() == null ? "no result yet" : now.state().severity().label())
          + "); only a failing task is acknowledged", null);
    }
    json(ctx, 200, body(now));
  }

  private void unackOne(Context ctx) {
    TaskStatus t = task(ctx);
    argos.unacknowledge(List.of(t.taskId()));
    json(ctx, 200, body(argos.store().task(t.taskId()).orElse(t)));
  }

  private static Map<String, @Nullable Object> body(TaskStatus t) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("id", t.taskId());
    m.put("severity", t.state() == null ? null : t.state().severity().label());
    m.putAll(lifecycleJson(t.state() == null ? TaskLifecycle.NONE : t.state().lifecycle()));
    return m;
  }

  private void bulk(Context ctx, boolean ack) {
    JsonNode body = ApiEdge.parseJson(ctx);
    if (!body.isObject() || !body.has("task_ids") || !body.get("task_ids").isArray()) {
      throw ApiError.bad("task_ids", "expected {\"task_ids\": [1, 2, ...]}");
    }
    for (var it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("task_ids")) {
        throw ApiError.bad(f, "unknown field '" + ApiEdge.shown(f) + "'; expected task_ids");
      }
    }
    JsonNode ids = body.get("task_ids");
    if (ids.size() > Acknowledgements.MAX_TASKS) {
      throw ApiError.bad("task_ids", "at most " + Acknowledgements.MAX_TASKS + " tasks at once, got " + ids.size());
    }
    List<Long> taskIds = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      if (!ids.get(i).canConvertToLong() || !ids.get(i).isIntegralNumber()) {
        throw ApiError.bad("task_ids[" + i + "]", "a task id is a whole number, got " + ids.get(i));
      }
      taskIds.add(ids.get(i).asLong());
    }
    if (!ApiEdge.caller(ctx).operator()) {
      // another tenant's tasks are left as unknown ids are: untouched, and not listed as done
      taskIds = taskIds.stream().filter(id -> TenantScope.seesTask(argos, ApiEdge.caller(ctx), id)).toList();
    }
    Set<Long> done = ack ? argos.acknowledge(taskIds, ApiEdge.caller(ctx).name()) : argos.unacknowledge(taskIds);
    json(ctx, 200, Map.of(ack ? "acknowledged" : "unacknowledged", done.stream().sorted().toList()));
  }
}
