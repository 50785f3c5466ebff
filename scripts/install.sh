#!/usr/bin/env bash
# Installs everything Rathaus needs from the package registries: pango for WeasyPrint's PDF
# receipts and xmlsec1, the binary pysaml2 calls to sign and verify BundID SAML messages
# (runtime needs, from Debian's packages when missing), uv, the locked Python environment
# (.venv) and the front-end assets (node_modules). With --system it also installs what only
# the tests need (Debian's chromium for the browser tests, clamav-daemon so the
# virus-scan tests run a real clamd, and poppler-utils to render a receipt as an image).
set -euo pipefail
cd "$(dirname "$0")/.."

need_system=false
[ "${1:-}" = "--system" ] && need_system=true

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else
    echo "Bitte als root ausführen / please run as root: $*" >&2
    return 1
  fi
}

if $need_system && ! command -v chromium >/dev/null 2>&1; then
  echo "==> Debian-Pakete: chromium"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

if $need_system && ! command -v clamd >/dev/null 2>&1 && [ ! -x /usr/sbin/clamd ]; then
  echo "==> Debian-Pakete: clamav-daemon clamav (Virenprüfung in den Tests)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clamav-daemon clamav >/dev/null
  # the tests start their own clamd on a generated signature database (no freshclam needed)
fi

if $need_system && ! command -v pdftoppm >/dev/null 2>&1; then
  echo "==> Debian-Pakete: poppler-utils (die Tests lassen Quittungen als Bild rendern)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
fi

if ! command -v xmlsec1 >/dev/null 2>&1; then
  echo "==> Debian-Pakete: xmlsec1 (pysaml2 prüft und setzt damit SAML-Signaturen)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq xmlsec1 >/dev/null
fi

if command -v dpkg >/dev/null 2>&1 && ! dpkg -s libpango-1.0-0 libpangoft2-1.0-0 >/dev/null 2>&1; then
  echo "==> Debian-Pakete: libpango-1.0-0 libpangoft2-1.0-0 (WeasyPrint)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    libpango-1.0-0 libpangoft2-1.0-0 >/dev/null
fi

if ! command -v uv >/dev/null 2>&1; then
  echo "==> uv"
  python3 -m pip install --quiet --disable-pip-version-check uv
fi
UV="$(command -v uv || echo "python3 -m uv")"

echo "==> Python-Umgebung (.venv, uv.lock)"
# bytecode compiled once at install: a process (re)start then reads .pyc files instead of
# compiling every module again, even where PYTHONDONTWRITEBYTECODE is set
$UV sync --frozen --quiet --compile-bytecode

if command -v npm >/dev/null 2>&1; then
  echo "==> KERN UX (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
else
  echo "npm fehlt: bitte Node.js 20 mit npm installieren / npm is missing: install Node.js 20" >&2
  exit 1
fi
