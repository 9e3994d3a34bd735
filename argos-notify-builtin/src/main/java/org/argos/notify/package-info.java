/**
 * The built-in notification channels of Argos: {@code local} (log), {@code mail}, {@code gotify}, {@code webhook},
 * {@code ntfy}, {@code slack}/{@code mattermost} and {@code apprise} (Apprise URLs mapped onto those channels).
 *
 * <p>Each channel is a public {@link org.argos.api.spi.NotifierProvider} listed in
 * {@code META-INF/services/org.argos.api.spi.NotifierProvider}; everything else here is package-private. Providers
 * read their settings with {@link org.argos.api.settings.Settings} in {@code create} and throw an
 * {@link org.argos.api.InvalidValueException} naming the channel and the setting's path; a
 * notifier's {@code send} returns once the receiver accepted the message and throws
 * {@link org.argos.api.NotificationException} otherwise (the engine retries).
 */
@NullMarked
package org.argos.notify;

import org.jspecify.annotations.NullMarked;
