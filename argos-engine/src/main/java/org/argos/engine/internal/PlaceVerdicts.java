package org.argos.engine.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.argos.api.CheckResult;
import org.argos.api.Quorum;
import org.argos.api.Severity;
import org.argos.api.store.TaskOutcome;
import org.jspecify.annotations.Nullable;

/**
 * One task's verdict over the places that ran it: the locations of a {@link Quorum} ({@link LocatedRuns}), the
 * addresses of a host ({@link AddressRuns}). The places' severities give the verdict by a {@link Fold}; the result
 * recorded is the first place's (in the given order) whose severity is the verdict, or the fold's explanation, with
 * each place's severity beside it (the context key {@code locations} or {@code addresses}) and whether the verdict is
 * partial.
 */
final class PlaceVerdicts {
  private PlaceVerdicts() {}

  /** How the severities of the places that ran a task make its verdict. */
  interface Fold {
    /** @param severities each place's, in order, at least one @return the task's severity */
    Severity verdict(List<Severity> severities);

    /** @param severities each place's @return true when some place is worse than the verdict it shows */
    boolean partial(List<Severity> severities);

    /**
     * @param chosen the first place's outcome whose severity is the verdict, or null when none has it
     * @param places each place's outcome, in order
     * @param verdict the verdict
     * @return the result recorded for the task (its severity is the verdict)
     */
    CheckResult explain(@Nullable TaskOutcome chosen, List<Map.Entry<String, TaskOutcome>> places, Severity verdict);
  }

  /**
   * @param taskId the task
   * @param places each place's outcome of the task, in order, at least one
   * @param key the context key of the per-place severities
   * @param fold the rule
   * @return the task's outcome: the verdict, the place that explains it (its result id and agent), the per-place map
   */
  static TaskOutcome verdict(long taskId, List<Map.Entry<String, TaskOutcome>> places, String key, Fold fold) {
    List<Severity> severities = places.stream().map(p -> p.getValue().result().severity()).toList();
    Severity verdict = fold.verdict(severities);
    boolean partial = fold.partial(severities);
    Map<String, Object> perPlace = new LinkedHashMap<>();
    for (var p : places) {
      perPlace.put(p.getKey(), p.getValue().result().severity().label());
    }
    TaskOutcome chosen = places.stream().map(Map.Entry::getValue).filter(t -> t.result().severity() == verdict)
        .findFirst().orElse(null);
    TaskOutcome source = chosen != null ? chosen : places.getFirst().getValue();
    CheckResult result = fold.explain(chosen, places, verdict).with(key, perPlace).with("partial", partial);
    return new TaskOutcome(taskId, result, source.resultId(), source.producedBy());
  }

  /** @return the k-of-n verdict of a quorum; the result is the chosen location's as it is */
  static Fold quorum(Quorum quorum) {
    return new Fold() {
      @Override
      public Severity verdict(List<Severity> severities) {
        return quorum.verdict(severities);
      }

      @Override
      public boolean partial(List<Severity> severities) {
        return quorum.partial(severities);
      }

      @Override
      public CheckResult explain(@Nullable TaskOutcome chosen, List<Map.Entry<String, TaskOutcome>> places,
          Severity verdict) {
        if (chosen == null) { // the k-of-n verdict is always one of the severities
          throw new IllegalStateException("no location has the verdict " + verdict);
        }
        return chosen.result();
      }
    };
  }
}
