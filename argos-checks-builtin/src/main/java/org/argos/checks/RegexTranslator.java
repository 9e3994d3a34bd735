package org.argos.checks;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Rewrites Python spellings into RE2's and estimates the compiled size, in one pass. It does not validate: whatever
 * it does not recognise is passed on for RE2/J to judge.
 */
final class RegexTranslator {
  private final String src;
  private final StringBuilder out;
  private final Deque<Frame> frames = new ArrayDeque<>();
  private int i;

  /** A group being read: its flags and its estimated size. */
  private static final class Frame {
    boolean multiline;
    long size;
    long last; // size of the last atom, which a quantifier repeats

    Frame(boolean multiline) {
      this.multiline = multiline;
    }

    void atom(long n) {
      size = sat(size + n);
      last = n;
    }
  }

  RegexTranslator(String src) {
    this.src = src;
    this.out = new StringBuilder(src.length() + 16);
  }

  String translate() throws Refused {
    frames.push(new Frame(false));
    while (i < src.length()) {
      char c = src.charAt(i);
      switch (c) {
        case '\\' -> escape();
        case '[' -> charClass();
        case '(' -> open();
        case ')' -> close();
        case '$' -> {
          i++;
          if (frames.peek().multiline) {
            out.append('$');
            frames.peek().atom(1);
          } else {
            // Python's $ also matches before a newline that ends the text; RE2's only at the very end.
            out.append("(?:\\n?\\z)");
            frames.peek().atom(3);
          }
        }
        case '{' -> brace();
        case '*', '+', '?' -> quantifier(c);
        default -> {
          out.append(c);
          i++;
          frames.peek().atom(1);
        }
      }
      if (frames.peek().size > Regex.MAX_SIZE) {
        throw tooBig();
      }
    }
    long total = 0;
    for (Frame f : frames) { // more than one when a group is left open (RE2 reports it)
      total = sat(total + f.size);
    }
    if (total > Regex.MAX_SIZE) {
      throw tooBig();
    }
    return out.toString();
  }

  private Refused tooBig() {
    return new Refused("is too large once its repetitions are expanded (more than " + Regex.MAX_SIZE + " instructions, as "
        + "(a{1000}){1000} is a million); compiling it would cost too much: write fewer or smaller counted "
        + "repetitions");
  }

  private void escape() throws Refused {
    if (i + 1 >= src.length()) {
      out.append('\\'); // RE2 reports the trailing backslash
      i++;
      return;
    }
    char d = src.charAt(i + 1);
    Frame f = frames.peek();
    if (d >= '0' && d <= '9') {
      int octal = octal(i + 1);
      if (octal < 0) {
        throw Refused.unsupported("a backreference (\\" + d + ")",
            "a backreference cannot be matched in linear time; match the repeated text explicitly");
      }
      i += octalLength;
      out.append(String.format(Locale.ROOT, "\\x{%x}", octal));
      f.atom(1);
      return;
    }
    switch (d) {
      case 'Z' -> { // Python's \Z is the very end of the text: RE2's \z
        out.append("\\z");
        i += 2;
      }
      case 'u', 'U' -> {
        int n = d == 'u' ? 4 : 8;
        String hex = i + 2 + n <= src.length() ? src.substring(i + 2, i + 2 + n) : "";
        if (hex.length() != n || !hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
          throw new Refused("has an incomplete \\" + d + " escape (\\" + d + " takes " + n + " hex digits)");
        }
        out.append("\\x{").append(hex).append('}');
        i += 2 + n;
      }
      case 'N' -> {
        int end = i + 2 < src.length() && src.charAt(i + 2) == '{' ? src.indexOf('}', i + 3) : -1;
        if (end < 0) {
          throw new Refused("has an incomplete \\N escape (\\N{CHARACTER NAME})");
        }
        String name = src.substring(i + 3, end);
        int cp;
        try {
          cp = Character.codePointOf(name);
        } catch (IllegalArgumentException e) {
          throw new Refused("names an unknown character \\N{" + name + "}");
        }
        out.append(String.format(Locale.ROOT, "\\x{%x}", cp));
        i = end + 1;
      }
      case 'k', 'g' -> throw Refused.unsupported("a backreference (\\" + d + ")",
          "a backreference cannot be matched in linear time; match the repeated text explicitly");
      case 'G', 'K', 'R', 'X' -> throw Refused.unsupported("\\" + d, "rewrite it with RE2's constructs");
      case 'x', 'p', 'P' -> {
        // copy the whole escape, so its braces are not read as a repetition
        int end = i + 2;
        if (end < src.length() && src.charAt(end) == '{') {
          int close = src.indexOf('}', end);
          end = close < 0 ? src.length() : close + 1;
        } else {
          end = Math.min(src.length(), end + (d == 'x' ? 2 : 1));
        }
        out.append(src, i, end);
        i = end;
      }
      case 'Q' -> { // a quoted literal, up to \E: copied as is
        int close = src.indexOf("\\E", i + 2);
        int end = close < 0 ? src.length() : close + 2;
        out.append(src, i, end);
        f.atom(Math.max(1, end - i - 4));
        i = end;
        return;
      }
      default -> {
        out.append('\\').append(d);
        i += 2;
      }
    }
    f.atom(1);
  }

  private int octalLength;

  /**
   * Python reads {@code \0}, {@code \0NN} and three octal digits as a character code; any other digits after a
   * backslash are a backreference.
   *
   * @return the character code, or -1 for a backreference
   */
  private int octal(int at) {
    boolean threeOctal = at + 2 < src.length() && isOctal(src.charAt(at)) && isOctal(src.charAt(at + 1))
        && isOctal(src.charAt(at + 2));
    if (src.charAt(at) == '0' || threeOctal) {
      int end = at;
      int value = 0;
      while (end < src.length() && end < at + 3 && isOctal(src.charAt(end))) {
        value = value * 8 + (src.charAt(end) - '0');
        end++;
      }
      octalLength = end - at + 1;
      return value;
    }
    return -1;
  }

  private static boolean isOctal(char c) {
    return c >= '0' && c <= '7';
  }

  private void charClass() {
    int start = i;
    int j = i + 1;
    if (j < src.length() && src.charAt(j) == '^') {
      j++;
    }
    if (j < src.length() && src.charAt(j) == ']') {
      j++; // a ] first in a class is a literal
    }
    StringBuilder cls = new StringBuilder().append(src, start, j);
    while (j < src.length() && src.charAt(j) != ']') {
      char c = src.charAt(j);
      if (c == '[' && j + 1 < src.length() && src.charAt(j + 1) == ':') {
        int close = src.indexOf(":]", j + 2);
        if (close > 0) {
          cls.append(src, j, close + 2);
          j = close + 2;
          continue;
        }
      }
      if (c == '\\' && j + 1 < src.length()) {
        char d = src.charAt(j + 1);
        int n = d == 'u' ? 4 : d == 'U' ? 8 : 0;
        if (n > 0 && j + 2 + n <= src.length()
            && src.substring(j + 2, j + 2 + n).chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
          cls.append("\\x{").append(src, j + 2, j + 2 + n).append('}');
          j += 2 + n;
        } else {
          cls.append(c).append(d);
          j += 2;
        }
        continue;
      }
      cls.append(c);
      j++;
    }
    if (j < src.length()) {
      cls.append(']');
      j++;
    }
    out.append(cls);
    i = j;
    frames.peek().atom(1);
  }

  private void open() throws Refused {
    if (frames.size() > Regex.MAX_NESTING) {
      throw new Refused("nests groups more than " + Regex.MAX_NESTING + " deep");
    }
    Frame parent = frames.peek();
    if (!src.startsWith("(?", i)) {
      out.append('(');
      i++;
      frames.push(new Frame(parent.multiline));
      return;
    }
    String rest = src.substring(i + 2, Math.min(src.length(), i + 4));
    if (rest.startsWith("#")) { // a comment, up to the first )
      int close = src.indexOf(')', i);
      i = close < 0 ? src.length() : close + 1;
      return;
    }
    if (rest.startsWith("=") || rest.startsWith("!")) {
      throw Refused.unsupported("a lookahead (" + src.substring(i, i + 3) + "...))",
          "lookaround cannot be matched in linear time; match the surrounding text instead, or use a second check"
              + " (body-not-like, for a negative one)");
    }
    if (rest.startsWith("<=") || rest.startsWith("<!")) {
      throw Refused.unsupported("a lookbehind (" + src.substring(i, i + 4) + "...))",
          "lookaround cannot be matched in linear time; match the surrounding text instead, or use a second check"
              + " (body-not-like, for a negative one)");
    }
    if (rest.startsWith("P=")) {
      throw Refused.unsupported("a backreference ((?P=name))",
          "a backreference cannot be matched in linear time; match the repeated text explicitly");
    }
    if (rest.startsWith(">")) {
      throw Refused.unsupported("an atomic group ((?>...))", "write the group without (?>");
    }
    if (rest.startsWith("(")) {
      throw Refused.unsupported("a conditional group ((?(...)...))", "write the alternatives with |");
    }
    if (rest.startsWith("P<") || rest.startsWith("<")) { // a named group: RE2/J reads both spellings
      int nameStart = i + (rest.startsWith("P") ? 4 : 3);
      int close = src.indexOf('>', nameStart);
      if (close > 0) {
        out.append("(?P<").append(src, nameStart, close).append('>');
        i = close + 1;
        frames.push(new Frame(parent.multiline));
        return;
      }
    }
    // flags: (?imsx) or (?imsx-imsx:...)
    int j = i + 2;
    StringBuilder on = new StringBuilder();
    StringBuilder off = new StringBuilder();
    boolean negative = false;
    while (j < src.length() && (Character.isLetter(src.charAt(j)) || src.charAt(j) == '-')) {
      char fl = src.charAt(j);
      switch (fl) {
        case '-' -> negative = true;
        case 'x' -> throw Refused.unsupported("the verbose flag (?x)",
            "remove it, with the spaces and comments it allowed");
        case 'L' -> throw Refused.unsupported("the locale flag (?L)", "remove it");
        case 'a', 'u' -> { } // ASCII and Unicode classes: RE2's \w, \d, \s, \b are ASCII whatever the flag
        default -> (negative ? off : on).append(fl);
      }
      j++;
    }
    if (j >= src.length() || (src.charAt(j) != ')' && src.charAt(j) != ':')) {
      out.append("(?"); // not flags: RE2 reports what it is
      i += 2;
      frames.push(new Frame(parent.multiline));
      return;
    }
    String flags = on + (off.isEmpty() ? "" : "-" + off);
    boolean scoped = src.charAt(j) == ':';
    boolean multiline = parent.multiline;
    if (on.indexOf("m") >= 0) {
      multiline = true;
    }
    if (off.indexOf("m") >= 0) {
      multiline = false;
    }
    i = j + 1;
    if (scoped) {
      out.append("(?").append(flags).append(':');
      frames.push(new Frame(multiline));
    } else {
      if (!flags.isEmpty()) {
        out.append("(?").append(flags).append(')');
      }
      parent.multiline = multiline; // like RE2 and Python, the flags hold to the end of the enclosing group
    }
  }

  private void close() {
    out.append(')');
    i++;
    if (frames.size() > 1) {
      Frame done = frames.pop();
      frames.peek().atom(sat(done.size + 1));
    }
  }

  private void brace() throws Refused {
    // Python's {m}, {m,}, {m,n} and {,n}; anything else is a literal brace, in Python as in RE2
    int j = i + 1;
    int m = -1;
    int n = -1;
    int start = j;
    while (j < src.length() && Character.isDigit(src.charAt(j))) {
      j++;
    }
    String min = src.substring(start, j);
    boolean comma = j < src.length() && src.charAt(j) == ',';
    String max = "";
    if (comma) {
      int s2 = ++j;
      while (j < src.length() && Character.isDigit(src.charAt(j))) {
        j++;
      }
      max = src.substring(s2, j);
    }
    boolean valid = j < src.length() && src.charAt(j) == '}' && (!min.isEmpty() || (comma && !max.isEmpty()));
    if (!valid) {
      out.append("\\{");
      i++;
      frames.peek().atom(1);
      return;
    }
    m = min.isEmpty() ? 0 : parseCount(min);
    n = comma ? (max.isEmpty() ? -1 : parseCount(max)) : m;
    if (m > Regex.MAX_REPEAT || n > Regex.MAX_REPEAT) {
      throw new Refused("repeats something " + Math.max(m, n) + " times; RE2 accepts counts up to " + Regex.MAX_REPEAT);
    }
    out.append('{').append(m);
    if (comma) {
      out.append(',');
      if (n >= 0) {
        out.append(n);
      }
    }
    out.append('}');
    i = j + 1;
    possessive();
    Frame f = frames.peek();
    long copies = n < 0 ? m + 1L : Math.max(1, Math.max(m, n));
    f.size = sat(f.size - f.last + sat(f.last * copies));
    f.last = sat(f.last * copies);
  }

  private static int parseCount(String digits) {
    return digits.length() > 6 ? Integer.MAX_VALUE : Integer.parseInt(digits);
  }

  private void quantifier(char c) throws Refused {
    out.append(c);
    i++;
    if (i < src.length() && src.charAt(i) == '?') { // lazy
      out.append('?');
      i++;
    } else {
      possessive();
    }
    frames.peek().size = sat(frames.peek().size + 1);
  }

  private void possessive() throws Refused {
    if (i < src.length() && src.charAt(i) == '+') {
      throw Refused.unsupported("a possessive quantifier (" + src.substring(Math.max(0, i - 1), i + 1) + ")",
          "drop the final +");
    }
  }

  private static long sat(long v) {
    return v < 0 || v > Integer.MAX_VALUE ? Integer.MAX_VALUE : v;
  }

  /** Why a pattern is refused; the message continues "the regular expression X ...". */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message, null, false, false);
    }

    static Refused unsupported(String construct, String hint) {
      return new Refused("uses " + construct + ", which RE2 does not support: " + Regex.WHY + "; " + hint);
    }
  }
}
