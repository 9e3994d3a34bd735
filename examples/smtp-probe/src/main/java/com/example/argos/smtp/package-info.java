/**
 * A third-party probe plugin: a new scheme, {@code smtp://host[:port]}, depending on {@code argos-api} only. It ships
 * two public providers, {@link com.example.argos.smtp.SmtpProbeProvider} (the probe) and
 * {@link com.example.argos.smtp.SmtpExtensionCheckProvider} (a check reading its responses), listed in
 * {@code META-INF/services}. Drop its jar in the daemon's {@code plugins/} directory and
 * {@code domain: smtp://mail.example.org} with {@code - smtp-extension: STARTTLS} is a site.
 */
@NullMarked
package com.example.argos.smtp;

import org.jspecify.annotations.NullMarked;
