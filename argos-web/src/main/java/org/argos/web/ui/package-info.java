/**
 * The web UI: server-rendered pages (jte templates precompiled at build time) over the store's status queries, with
 * sessions in signed cookies and CSRF tokens on every form. Public types here are only public because the generated
 * template classes, in another package, read them; they are not an API.
 */
@NullMarked
package org.argos.web.ui;

import org.jspecify.annotations.NullMarked;
