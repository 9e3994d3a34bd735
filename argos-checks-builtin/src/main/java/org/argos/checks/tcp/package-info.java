/**
 * The TCP probe ({@code tcp://host:port}): connect, optionally send bytes and read until an expected text, and its
 * provider. The checks reading it ({@code tcp-connect}, {@code tcp-expect}) are in {@code org.argos.checks}.
 */
@NullMarked
package org.argos.checks.tcp;

import org.jspecify.annotations.NullMarked;
