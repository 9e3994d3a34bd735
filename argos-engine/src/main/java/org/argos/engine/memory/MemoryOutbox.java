package org.argos.engine.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.argos.api.Alert;
import org.argos.api.AlertKind;
import org.argos.api.Severity;
import org.argos.api.StateChange;
import org.argos.api.store.OutboxEntry;
import org.argos.api.store.OutboxMessage;
import org.jspecify.annotations.Nullable;

/**
 * Alerts waiting to be sent, the notifications begun and not known sent, and what silenced tasks' receivers last
 * heard (see {@link org.argos.api.store.OutboxStore}). Called under the store's lock.
 */
public final class MemoryOutbox {
  private final Memory m;
  private final Map<Long, OutboxRow> outbox = new LinkedHashMap<>();
  private final Map<String, OutboxMessage> messages = new LinkedHashMap<>(); // begun, not yet sent
  private final Map<Long, Severity> silencedSince = new LinkedHashMap<>(); // task -> what receivers last heard

  MemoryOutbox(Memory m) {
    this.m = m;
  }

  public Alert enqueue(AlertKind kind, StateChange change) {
    Alert a = new Alert(m.newId(), kind, change);
    outbox.put(a.id(), new OutboxRow(a));
    return a;
  }

  /** Keys of alerts enqueued once, oldest first, the last {@value #ONCE_KEPT} kept (a digest's key is per day). */
  private static final int ONCE_KEPT = 10_000;
  private final java.util.LinkedHashSet<String> onceKeys = new java.util.LinkedHashSet<>();

  public Optional<Alert> enqueueOnce(String onceKey, AlertKind kind, StateChange change) {
    if (!onceKeys.add(onceKey)) {
      return Optional.empty();
    }
    if (onceKeys.size() > ONCE_KEPT) {
      onceKeys.removeFirst();
    }
    return Optional.of(enqueue(kind, change));
  }

  public List<OutboxEntry> claimAlerts(String node, Instant now, int limit, Instant leaseUntil) {
    List<OutboxEntry> out = new ArrayList<>();
    Set<Long> earlier = new HashSet<>(); // tasks with an older alert not done: theirs wait, to keep each task's order
    for (OutboxRow row : outbox.values()) {
      if (out.size() >= limit) {
        break;
      }
      long task = row.alert.change().taskId();
      if (task > 0 && !earlier.add(task)) {
        continue;
      }
      boolean free = row.claimedBy == null || row.leaseUntil.isBefore(now);
      if (free && !row.nextAttemptAt.isAfter(now)) {
        row.claimedBy = node;
        row.leaseUntil = leaseUntil;
        out.add(new OutboxEntry(row.alert, row.attempts, row.delivered));
      }
    }
    return out;
  }

  public void messageBegun(OutboxMessage message) {
    messages.putIfAbsent(message.key(), message);
  }

  public void messageSent(OutboxMessage message) {
    messages.remove(message.key());
    for (long id : message.alertIds()) {
      OutboxRow row = outbox.get(id);
      if (row != null) {
        row.delivered.add(message.channel());
        silencedSince.remove(row.alert.change().taskId());
      }
    }
  }

  public List<OutboxMessage> begunMessages(Collection<Long> alertIds) {
    Set<Long> wanted = new HashSet<>(alertIds);
    return messages.values().stream().filter(msg -> msg.alertIds().stream().anyMatch(wanted::contains)).toList();
  }

  public void silenced(Alert alert) {
    long task = alert.change().taskId();
    if (task > 0) {
      Severity before = alert.change().previous();
      silencedSince.putIfAbsent(task, before == null ? Severity.OK : before);
    }
    done(alert.id());
  }

  public Map<Long, Severity> silencedTasks(Collection<Long> taskIds) {
    Map<Long, Severity> out = new HashMap<>();
    for (long task : taskIds) {
      Severity told = silencedSince.get(task);
      if (told != null) {
        out.put(task, told);
      }
    }
    return out;
  }

  public Map<Long, Severity> withheldTasks(int limit) {
    Map<Long, Severity> out = new LinkedHashMap<>();
    for (var e : silencedSince.entrySet()) {
      if (out.size() >= limit) {
        break;
      }
      out.put(e.getKey(), e.getValue());
    }
    return out;
  }

  public Optional<Alert> endSilence(long taskId, Severity told, @Nullable StateChange change) {
    if (change != null && change.taskId() != taskId) {
      throw new IllegalArgumentException("the change is about task " + change.taskId() + ", not " + taskId);
    }
    if (silencedSince.get(taskId) != told) {
      return Optional.empty();
    }
    for (OutboxRow row : outbox.values()) {
      if (row.alert.change().taskId() == taskId) {
        return Optional.empty(); // that alert tells what the silence kept
      }
    }
    silencedSince.remove(taskId);
    return change == null ? Optional.empty() : Optional.of(enqueue(AlertKind.STATE_CHANGE, change));
  }

  public void delivered(long alertId, String channel) {
    OutboxRow row = outbox.get(alertId);
    if (row != null) {
      row.delivered.add(channel);
    }
  }

  public void done(long alertId) {
    outbox.remove(alertId);
  }

  public void retryLater(long alertId, Instant nextAttemptAt, String error) {
    OutboxRow row = outbox.get(alertId);
    if (row != null) {
      row.attempts++;
      row.nextAttemptAt = nextAttemptAt;
      row.claimedBy = null;
      row.lastError = error;
    }
  }

  public long pendingAlerts() {
    return outbox.size();
  }

  private static final class OutboxRow {
    final Alert alert;
    int attempts;
    Instant nextAttemptAt = Instant.EPOCH;
    @Nullable String claimedBy;
    Instant leaseUntil = Instant.EPOCH;
    final Set<String> delivered = new HashSet<>();
    @Nullable String lastError;

    OutboxRow(Alert alert) {
      this.alert = alert;
    }
  }
}
