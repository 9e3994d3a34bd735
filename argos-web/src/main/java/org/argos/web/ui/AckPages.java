package org.argos.web.ui;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.argos.api.Severity;
import org.argos.api.TaskStatus;
import org.argos.api.store.Acknowledgements;
import org.argos.engine.AckLinks;
import org.argos.web.ui.WebUi.WebError;

/**
 * Acknowledging failing tasks from the UI (issue 19 §6): a button on the task page, one per domain on the dashboard's
 * problems, and the page a signed link from a mail or a webhook opens. The link's page only asks for a confirmation
 * (a GET changes nothing, so a mail scanner that follows links acknowledges nothing); its form, with the usual CSRF
 * token, acknowledges that one task, once, without a login.
 */
final class AckPages {
  private final WebUi ui;
  private volatile AckLinks links;

  AckPages(WebUi ui) {
    this.ui = ui;
  }

  private Acknowledgements acks() {
    return ui.store.capability(Acknowledgements.class)
        .orElseThrow(() -> new WebError(404, "This server's store cannot acknowledge tasks."));
  }

  private AckLinks links() {
    AckLinks l = links;
    if (l == null) {
      l = new AckLinks(acks());
      links = l;
    }
    return l;
  }

  private static String who(WebUi.Visitor v) {
    return v.user() == null ? "web" : v.user();
  }

  /** {@code POST /task/{id}/ack} and {@code /unack}: back to the task page. */
  void ackTask(Context ctx, WebUi.Visitor v) {
    long id = TaskPages.idParam(ctx, "task");
    new TaskPages(ui).task(id, v);
    acks().acknowledge(List.of(id), who(v), ui.clock.instant());
    ctx.redirect(ui.root() + "/task/" + id + "/results", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  void unackTask(Context ctx, WebUi.Visitor v) {
    long id = TaskPages.idParam(ctx, "task");
    new TaskPages(ui).task(id, v);
    acks().unacknowledge(List.of(id));
    ctx.redirect(ui.root() + "/task/" + id + "/results", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  /** {@code POST /domain/{domain}/ack}: every failing task of the domain; back to the dashboard. */
  void ackDomain(Context ctx, WebUi.Visitor v) {
    String domain = new TaskPages(ui).site(ctx.pathParam("domain"), v).domain();
    List<Long> failing = new ArrayList<>();
    for (TaskStatus t : ui.store.tasks(domain)) {
      if (t.state() != null && t.state().severity() != Severity.OK && failing.size() < Acknowledgements.MAX_TASKS) {
        failing.add(t.taskId());
      }
    }
    acks().acknowledge(failing, who(v), ui.clock.instant());
    ctx.redirect(ui.root() + "/", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  /**
   * {@code POST /problems/ack}: the posted tasks ({@code task}, one per task of a dashboard page or group), or every
   * failing task at the posted {@code address}; back to the dashboard (filtered by that address).
   */
  void ackProblems(Context ctx, WebUi.Visitor v) {
    Problems.Selection s = Problems.Selection.read(ui.store, ctx, "acknowledge");
    acks().acknowledge(s.ids(), who(v), ui.clock.instant());
    ctx.redirect(ui.root() + "/" + s.back(""), io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private AckLinks.Link link(Context ctx) {
    return links().verify(ctx.pathParam("token"), ui.clock.instant()).orElseThrow(() -> new WebError(404,
        "This acknowledgement link is not valid or has expired."));
  }

  /** {@code GET /ack/{token}}: what the link acknowledges, and a button. */
  void linkForm(Context ctx, WebUi.Visitor v) {
    AckLinks.Link link = link(ctx);
    Optional<TaskStatus> t = ui.store.task(link.taskId());
    render(ctx, v, t, ctx.pathParam("token"), null);
  }

  /** {@code POST /ack/{token}}: acknowledges the task, once. */
  void linkAck(Context ctx, WebUi.Visitor v) {
    AckLinks.Link link = link(ctx);
    String outcome = switch (links().use(ctx.pathParam("token"), ui.clock.instant())) {
      case INVALID -> throw new WebError(404, "This acknowledgement link is not valid or has expired.");
      case USED -> "This link was used already.";
      case NOTHING_TO_ACKNOWLEDGE -> "Nothing to acknowledge: the task is not failing, is already acknowledged, or is gone.";
      case ACKNOWLEDGED -> "Acknowledged: no reminders for this task until it recovers.";
    };
    render(ctx, v, ui.store.task(link.taskId()), ctx.pathParam("token"), outcome);
  }

  private void render(Context ctx, WebUi.Visitor v, Optional<TaskStatus> t, String token, String outcome) {
    ui.render(ctx, "ack.jte", new Views.Ack(ui.frame(v, "Acknowledge", ""), t.map(TaskStatus::domain).orElse(""),
        t.map(TaskStatus::url).orElse(""), t.map(s -> s.check().type()).orElse(""),
        t.map(s -> s.state() == null ? "pending" : Fmt.severity(s.state().severity())).orElse("gone"),
        t.map(s -> s.state() == null ? null : s.state().lifecycle().ackedBy()).orElse(null), token, outcome));
  }
}
