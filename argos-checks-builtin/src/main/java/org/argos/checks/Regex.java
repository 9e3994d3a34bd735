package org.argos.checks;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.time.Duration;
import org.argos.api.InvalidValueException;
import org.jspecify.annotations.Nullable;

/**
 * A regular expression from a user (a check parameter), matched by RE2/J: in time linear in the text, whatever the
 * pattern, so no pattern can hang a check the way {@code (a+)+$} hangs a backtracking engine. Python's spellings that
 * RE2 lacks or reads differently ({@code \Z}, {@code $}, {@code {,n}}, {@code \\uXXXX}, {@code \N{name}},
 * {@code (?#...)}, octal escapes) are rewritten, so Argos (Python) patterns keep their meaning; constructs RE2 cannot
 * match in linear time (backreferences, lookaround, atomic groups, possessive quantifiers...) are refused with a
 * message saying so. Compile cost is bounded by the length, the nesting and the size once counted repetitions are
 * expanded ({@code (a{1000}){1000}} is a million instructions).
 */
final class Regex {
  /** Longest accepted pattern, in characters. */
  static final int MAX_LENGTH = 10_000;
  /** Largest accepted estimated program size (counted repetitions expanded). */
  static final int MAX_SIZE = 20_000;
  /** Deepest accepted group nesting. */
  static final int MAX_NESTING = 100;
  /** Largest repetition count RE2 accepts. */
  static final int MAX_REPEAT = 1000;
  /**
   * Time one evaluation of a check may spend matching. Linear time still costs: a 10 MiB body takes about a second
   * with a plain case-insensitive pattern, and tens of seconds with a pattern that keeps many states alive.
   */
  static final Duration DEFAULT_BUDGET = Duration.ofSeconds(2);

  static final String WHY = "Argos matches regular expressions with RE2 syntax, in time linear in the text, so"
      + " that no pattern can hang a check (see \"Regular expressions\" in docs/checks.md)";

  private final String source;
  private final Pattern pattern;

  private Regex(String source, Pattern pattern) {
    this.source = source;
    this.pattern = pattern;
  }

  /**
   * @param check the check's name, for messages
   * @param whole the whole parameter, shown in messages
   * @param key where the pattern sits in the parameter (a header name, a JSON pointer), or null
   * @param value the pattern
   * @return the compiled pattern
   * @throws org.argos.api.InvalidCheckParameterException naming the check, the key and what is wrong
   */
  static Regex compile(String check, @Nullable Object whole, @Nullable String key, @Nullable Object value) {
    String where = key == null ? "" : " for " + Params.render(key);
    if (!(value instanceof String s) || s.isEmpty()) {
      throw Params.invalid(check, whole, "expected a non-empty regular expression" + where);
    }
    // A pattern given alone is shown once, by the "got ..." that ends every refusal; one in a map is shown here too.
    String shown = key == null ? "" : " " + Params.render(Params.abbreviate(s, 200));
    if (s.length() > MAX_LENGTH) {
      throw Params.invalid(check, whole, "the regular expression" + where + " is " + s.length()
          + " characters long; at most " + MAX_LENGTH + " are accepted, to bound the cost of compiling it");
    }
    String re2;
    try {
      re2 = new RegexTranslator(s).translate();
    } catch (RegexTranslator.Refused r) {
      throw Params.invalid(check, whole, "the regular expression" + where + shown + " " + r.getMessage());
    }
    try {
      return new Regex(s, Pattern.compile(re2));
    } catch (PatternSyntaxException e) {
      throw Params.invalid(check, whole, "invalid regular expression" + where + shown + " ("
          + e.getDescription() + (e.getPattern().isEmpty() || e.getPattern().equals(re2) ? "" : ": " + e.getPattern())
          + "; RE2 syntax)");
    }
  }

  /** @return the budget, when positive; providers call this from their constructors */
  static Duration positive(String check, Duration budget) {
    if (budget == null || budget.isNegative() || budget.isZero()) {
      throw new InvalidValueException(check, "budget", null, "the matching budget must be positive, got " + budget, null);
    }
    return budget;
  }

  /** @return the pattern as the user wrote it */
  String source() {
    return source;
  }

  /**
   * @param text the text to search
   * @param budget the evaluation's budget
   * @return the first match (possibly empty), or null when there is none
   * @throws OutOfBudget when the budget runs out (or the thread is interrupted) before the search ends
   */
  @Nullable String find(CharSequence text, Budget budget) {
    Matcher m = pattern.matcher(new Budgeted(text, budget));
    return m.find() ? m.group() : null;
  }

  @Override
  public String toString() {
    return source;
  }

  /** The time one check evaluation may spend matching, shared by all the patterns it searches. */
  static final class Budget {
    private final Duration allowed;
    private final long deadline;

    private Budget(Duration allowed) {
      this.allowed = allowed;
      this.deadline = System.nanoTime() + allowed.toNanos();
    }

    /** @param allowed the time allowed from now @return a running budget */
    static Budget start(Duration allowed) {
      return new Budget(allowed);
    }

    /** @return the message of a check that ran out of this budget while searching a pattern in a text */
    String exhausted(String check, Regex regex, String what, int length) {
      return check + ": matching " + Params.render(Params.abbreviate(regex.source(), 200)) + " against " + what + " of "
          + length + " characters ran out of its " + allowed.toMillis() + " ms budget, so the result is unknown";
    }
  }

  /** Thrown when a search exceeds its budget; the check reports an error (unknown) saying so. */
  static final class OutOfBudget extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OutOfBudget(String message) {
      super(message, null, false, false); // thrown on a hot path and always caught: no stack trace
    }
  }

  /**
   * The text as RE2/J reads it: every character goes through {@link #charAt}, so counting reads and looking at the
   * clock every few thousand of them bounds the time a search takes, whatever the pattern.
   */
  private static final class Budgeted implements CharSequence {
    // often enough that a pattern with thousands of live states overshoots its budget by milliseconds, not seconds
    private static final int CHECK_EVERY = 256;
    private final CharSequence text;
    private final Budget budget;
    private int reads;

    Budgeted(CharSequence text, Budget budget) {
      this.text = text;
      this.budget = budget;
    }

    @Override
    public char charAt(int index) {
      if (++reads == CHECK_EVERY) {
        reads = 0;
        if (System.nanoTime() - budget.deadline > 0) {
          throw new OutOfBudget("budget exhausted");
        }
        if (Thread.currentThread().isInterrupted()) { // the engine gave up on this run: stop burning CPU for it
          throw new OutOfBudget("interrupted");
        }
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.subSequence(start, end);
    }

    @Override
    public String toString() {
      return text.toString();
    }
  }
}
