#!/usr/bin/env bash
# Fetch the dashboard's front-end assets from the npm registry at pinned versions and vendor them into the
# project with their licences (the page must work where only Hamyar's server is reachable: no CDN).
# Run it only to change a version; the files it writes are committed. The font (Vazirmatn, OFL) is vendored
# once, beside the simulator's web chat (emulator/webchat/static/fonts/vazirmatn), and served from there.
set -euo pipefail
cd "$(dirname "$0")/.."
HTMX=2.0.11        # htmx.org — partial page updates (BSD-0-Clause)
HTMX_SSE=2.2.4     # htmx-ext-sse — server-sent events for live progress (BSD-0-Clause)
AXE=4.11.0         # axe-core — accessibility checks in the browser tests only (MPL-2.0)
tmp=$(mktemp -d)
(cd "$tmp" && npm pack --silent "htmx.org@$HTMX" "htmx-ext-sse@$HTMX_SSE" "axe-core@$AXE" >/dev/null)
for f in "$tmp"/*.tgz; do mkdir -p "${f%.tgz}"; tar xzf "$f" -C "${f%.tgz}"; done
static=dashboard/static
cp "$tmp/htmx.org-$HTMX/package/dist/htmx.min.js" $static/htmx.min.js
cp "$tmp/htmx.org-$HTMX/package/LICENSE" $static/licences/htmx.LICENSE
cp "$tmp/htmx-ext-sse-$HTMX_SSE/package/dist/sse.min.js" $static/htmx-sse.min.js 2>/dev/null \
  || cp "$tmp/htmx-ext-sse-$HTMX_SSE/package/sse.js" $static/htmx-sse.min.js
cp "$tmp/htmx-ext-sse-$HTMX_SSE/package/LICENSE" $static/licences/htmx-ext-sse.LICENSE
cp "$tmp/axe-core-$AXE/package/axe.min.js" tests/assets/axe.min.js
cp "$tmp/axe-core-$AXE/package/LICENSE" tests/assets/axe-core.LICENSE
printf 'htmx.org %s\nhtmx-ext-sse %s\n' "$HTMX" "$HTMX_SSE" > $static/licences/VERSIONS
printf 'axe-core %s\n' "$AXE" > tests/assets/VERSIONS
rm -rf "$tmp"
echo "vendored htmx $HTMX, htmx-ext-sse $HTMX_SSE, axe-core $AXE"
