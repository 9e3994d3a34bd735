package org.argos.web.ui;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.argos.api.Incident;
import org.argos.api.IncidentStatus;
import org.argos.api.InvalidValueException;
import org.argos.api.store.IncidentEdit;
import org.argos.api.store.IncidentQuery;
import org.argos.api.store.Incidents;
import org.argos.web.ui.WebUi.WebError;

/**
 * Incidents in the UI (issue 20 §5): {@code /incidents} lists the active ones and a page of past ones, with a form to
 * open one by hand; {@code /incidents/{id}} shows one with its timeline and a form to change its title and status and
 * post a message. Plain forms with the usual CSRF token; no script.
 */
final class IncidentPages {
  /** Past incidents per page. */
  static final int PAGE = 50;
  /** Active incidents shown (the rest through the API). */
  static final int ACTIVE = 200;

  private final WebUi ui;

  IncidentPages(WebUi ui) {
    this.ui = ui;
  }

  private Incidents incidents() {
    return ui.store.capability(Incidents.class)
        .orElseThrow(() -> new WebError(404, "This server's store keeps no incidents."));
  }

  private static String who(WebUi.Visitor v) {
    return v.user() == null ? "web" : v.user();
  }

  private static List<String> statuses() {
    return Arrays.stream(IncidentStatus.values()).map(IncidentStatus::label).toList();
  }

  static Views.IncidentRow row(Incident i) {
    return new Views.IncidentRow(i.id(), i.title(), i.status().label(), i.openedAt(), i.resolvedAt(), i.domainCount(),
        i.automatic(), i.cause() == null ? null : i.cause().kind() + " " + i.cause().value());
  }

  /** {@code GET /incidents}. */
  void list(Context ctx, WebUi.Visitor v) {
    Long before = null;
    String raw = ctx.queryParam("before");
    if (raw != null && !raw.isBlank()) {
      try {
        before = Long.parseLong(raw.strip());
      } catch (NumberFormatException e) {
        throw new WebError(400, "'before' is an incident id.");
      }
    }
    List<Incident> active = incidents().incidents(IncidentQuery.of(IncidentQuery.Which.ACTIVE, ACTIVE));
    IncidentQuery pastQuery = IncidentQuery.of(IncidentQuery.Which.PAST, PAGE);
    List<Incident> past = incidents().incidents(before == null ? pastQuery : pastQuery.before(before));
    String next = past.size() == PAGE ? ui.root() + "/incidents?before=" + past.getLast().id() : null;
    ui.render(ctx, "incidents.jte", new Views.IncidentList(ui.frame(v, "Incidents", "incidents"),
        active.stream().map(IncidentPages::row).toList(), past.stream().map(IncidentPages::row).toList(), next,
        statuses().subList(0, 3)));
  }

  /** {@code POST /incidents}: opens one; to its page. */
  void open(Context ctx, WebUi.Visitor v) {
    IncidentStatus status = status(ctx.formParam("status"), IncidentStatus.INVESTIGATING);
    List<String> domains = Optional.ofNullable(ctx.formParam("domains")).stream()
        .flatMap(d -> Arrays.stream(d.split("[\\s,]+"))).filter(d -> !d.isBlank()).toList();
    Incident i;
    try {
      i = incidents().open(v.tenant() == null ? org.argos.api.Tenant.DEFAULT_SLUG : v.tenant(), // the operator: default
          Optional.ofNullable(ctx.formParam("title")).orElse(""), status,
          Optional.ofNullable(ctx.formParam("message")).orElse(""), who(v), domains, ui.clock.instant());
    } catch (InvalidValueException e) {
      throw new WebError(400, "The incident was not opened: " + e.getMessage());
    }
    ctx.redirect(ui.root() + "/incidents/" + i.id(), HttpStatus.SEE_OTHER);
  }

  private Incident incident(Context ctx) {
    long id = TaskPages.idParam(ctx, "incident");
    return incidents().incident(id).orElseThrow(() -> new WebError(404, "No incident " + id + "."));
  }

  /** {@code GET /incidents/{id}}. */
  void detail(Context ctx, WebUi.Visitor v) {
    Incident i = incident(ctx);
    List<Views.IncidentEntry> timeline = incidents().timeline(i.id(), Incidents.MAX_TIMELINE).stream()
        .map(u -> new Views.IncidentEntry(u.at(), u.status().label(), u.message(), u.author())).toList();
    ui.render(ctx, "incident.jte", new Views.IncidentDetail(ui.frame(v, i.title(), "incidents"), row(i), i.domains(),
        timeline, statuses()));
  }

  /** {@code POST /incidents/{id}}: title, status and a message from the edit form; back to its page. */
  void edit(Context ctx, WebUi.Visitor v) {
    Incident i = incident(ctx);
    String title = ctx.formParam("title");
    String message = ctx.formParam("message");
    IncidentStatus status = status(ctx.formParam("status"), i.status());
    IncidentEdit edit;
    try {
      edit = new IncidentEdit(title == null || title.strip().equals(i.title()) ? null : title,
          status == i.status() ? null : status, message == null || message.isBlank() ? null : message, who(v));
    } catch (InvalidValueException e) {
      throw new WebError(400, "The incident was not changed: " + e.getMessage());
    }
    incidents().edit(i.id(), edit, ui.clock.instant());
    ctx.redirect(ui.root() + "/incidents/" + i.id(), HttpStatus.SEE_OTHER);
  }

  private static IncidentStatus status(String raw, IncidentStatus dflt) {
    if (raw == null || raw.isBlank()) {
      return dflt;
    }
    try {
      return IncidentStatus.parse(raw);
    } catch (InvalidValueException e) {
      throw new WebError(400, "status: " + e.getMessage());
    }
  }
}
