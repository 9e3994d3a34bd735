package org.argos.notify;

import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

/** What a person reads in a received mail: the decoded subject, recipients and the text parts. */
final class MailText {
  private MailText() {}

  static String of(MimeMessage m) throws Exception {
    StringBuilder sb = new StringBuilder("Subject: ").append(m.getSubject()).append('\n');
    sb.append("To: ").append(String.join(", ", java.util.Arrays.stream(m.getAllRecipients()).map(Object::toString).toList()))
        .append("\n\n");
    append(sb, m);
    return sb.toString();
  }

  private static void append(StringBuilder sb, Part p) throws Exception {
    if (p.isMimeType("text/plain")) {
      sb.append(p.getContent()).append('\n');
    } else if (p.isMimeType("text/html")) {
      sb.append("[html]\n").append(p.getContent()).append('\n');
    } else if (p.isMimeType("multipart/*")) {
      Multipart mp = (Multipart) p.getContent();
      for (int i = 0; i < mp.getCount(); i++) {
        append(sb, mp.getBodyPart(i));
      }
    }
  }
}
