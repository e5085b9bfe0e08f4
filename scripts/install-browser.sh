#!/bin/sh
# Headless Chromium prints the PDF reports. Install Debian's package when we can (root with
# apt-get); otherwise say what to install. HTML reports are built either way.
if [ -n "$EXCEED_CHROMIUM" ] || command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing chromium (for PDF reports) with apt-get..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium fonts-dejavu-core poppler-utils >/dev/null && exit 0
  echo "apt-get could not install chromium; PDFs will be skipped." >&2
  exit 0
fi
cat >&2 <<'MSG'
Chromium was not found, so PDF reports will be skipped (HTML reports are still built).
To get PDFs, install it:  sudo apt-get install chromium   (Debian/Ubuntu)
or point EXCEED_CHROMIUM at a Chromium/Chrome executable.
MSG
exit 0
